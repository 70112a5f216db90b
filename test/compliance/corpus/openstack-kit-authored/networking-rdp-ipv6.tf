# Written for pa-cloud-kit (not corpus): a Neutron rule admitting RDP from "::0/0", another spelling
# of any IPv6 address: ABSC-NET-02 fails.
resource "openstack_networking_secgroup_v2" "windows" {
  name                 = "windows"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "rdp" {
  direction         = "ingress"
  ethertype         = "IPv6"
  protocol          = "tcp"
  port_range_min    = 3389
  port_range_max    = 3389
  remote_ip_prefix  = "::0/0"
  security_group_id = openstack_networking_secgroup_v2.windows.id
}
