import {
  ADMIN_PORTS,
  ANY_ADDRESS_CIDRS,
  adminPortLabel,
  adminPortRanges,
  adminPortsOpened,
  adminPortsSummary,
  coversAllAddresses,
  normaliseProtocol,
  portRangeLabel,
} from '../../lib/core';
import { ADMIN_PORTS as OPENSTACK_ADMIN_PORTS } from '../../lib/openstack/network';
import { adminPortsOpened as ruleAdminPortsOpened, showCidr } from '../../lib/compliance/private/model';

test('the admin ports: SSH, RDP over TCP and UDP, WinRM over HTTP and HTTPS', () => {
  expect(ADMIN_PORTS.map((p) => [p.port, p.name, [...p.protocols]])).toEqual([
    [22, 'SSH', ['tcp']],
    [3389, 'RDP', ['tcp', 'udp']],
    [5985, 'WinRM', ['tcp']],
    [5986, 'WinRM over TLS', ['tcp']],
  ]);
});

test('ranges per protocol merge adjacent ports', () => {
  expect(adminPortRanges('tcp')).toEqual([{ from: 22, to: 22 }, { from: 3389, to: 3389 }, { from: 5985, to: 5986 }]);
  expect(adminPortRanges('udp')).toEqual([{ from: 3389, to: 3389 }]);
  expect(adminPortRanges('tcp').map(portRangeLabel)).toEqual(['22', '3389', '5985-5986']);
  expect(adminPortsSummary()).toBe('TCP 22, 3389, 5985-5986; UDP 3389');
});

test('the OpenStack network opens the TCP ranges of the core table (its construct IDs are pinned on them)', () => {
  expect(OPENSTACK_ADMIN_PORTS).toEqual(adminPortRanges('tcp'));
});

test('protocol spellings', () => {
  expect(['-1', 'all', 'ANY', '', undefined, ' any '].map(normaliseProtocol)).toEqual(['all', 'all', 'all', 'all', 'all', 'all']);
  expect(['6', 'TCP', '17', 'udp', 'icmp', '50'].map(normaliseProtocol)).toEqual(['tcp', 'tcp', 'udp', 'udp', 'icmp', '50']);
});

test('ports opened by protocol and range', () => {
  const names = (protocol: unknown, from: number, to: number) => adminPortsOpened(protocol, from, to).map(adminPortLabel);
  expect(names('tcp', 0, 65535)).toEqual(['22 (SSH)', '3389 (RDP)', '5985 (WinRM)', '5986 (WinRM over TLS)']);
  expect(names('udp', 0, 65535)).toEqual(['3389 (RDP)']);
  expect(names('17', 3389, 3389)).toEqual(['3389 (RDP)']);
  expect(names('udp', 22, 22)).toEqual([]);
  expect(names('tcp', 23, 3388)).toEqual([]);
  expect(names('any', 5985, 5985)).toEqual(['5985 (WinRM)']);
  expect(names('icmp', 0, 65535)).toEqual([]);
  // The compliance rules' messages are the same labels.
  expect(ruleAdminPortsOpened('udp', 3389, 3389)).toEqual(['3389 (RDP)']);
});

test('any address, however written', () => {
  expect([...ANY_ADDRESS_CIDRS]).toEqual(['0.0.0.0/0', '::/0']);
  for (const any of ['0.0.0.0/0', '::/0', '::0/0', '0:0:0:0:0:0:0:0/0', '10.1.2.3/0', '::ffff:0:0/96', ' 0.0.0.0/0 ']) expect(coversAllAddresses(any)).toBe(true);
  for (const not of ['0.0.0.0/1', '10.0.0.0/8', '::/1', '::ffff:0:0/97', '0.0.0.0', 'any', '', undefined, 0, { Ref: 'Cidr' }]) expect(coversAllAddresses(not)).toBe(false);
  expect(showCidr('::0/0')).toBe('::0/0 (any address)');
  expect(showCidr('::/0')).toBe('::/0');
});
