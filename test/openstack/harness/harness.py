#!/usr/bin/python3
"""Real OpenStack services on loopback for the kit's runtime tests.

Started by test/openstack/harness/index.ts (one instance per test suite), with Debian's packages:

- Keystone (package `keystone`): SQLite database, fernet tokens, served by a threaded WSGI server.
- Swift all-in-one (packages `swift-proxy`, `swift-account`, `swift-container`, `swift-object`):
  one device on a folder, rings built with swift-ring-builder, keystonemiddleware `authtoken`
  with `service_type = object-store` (so application-credential access rules are enforced by
  keystonemiddleware itself), `keystoneauth`, `container_sync` with a realms file, and
  `versioned_writes` with object versioning.
- The Cinder v3 volume and backup API (and the two Nova volume-attachment calls the scheduler
  makes) from cinder_emulator.py, behind the same keystonemiddleware `authtoken`.

Usage: harness.py WORKDIR. Prints one JSON line with the endpoints and admin credentials when
everything answers, then runs until its standard input closes (or SIGTERM), and stops its
children. Everything binds to 127.0.0.1.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PY = '/usr/bin/python3'
REGION = 'it-mil1'
OFFSITE_REGION = 'it-rom1'
ADMIN_PASSWORD = 'harness-admin-password'
SYNC_REALM = os.environ.get('HARNESS_SYNC_REALM', 'PA-REALM')
SYNC_CLUSTER = os.environ.get('HARNESS_SYNC_CLUSTER', 'it-rom1-cluster')
SYNC_REALM_KEY = 'harness-realm-key'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def run(args, **kw):
    result = subprocess.run(args, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        raise SystemExit(f'harness: {" ".join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}')
    return result.stdout


def wait_http(url, process, name, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f'harness: {name} exited with {process.returncode}; see its log in the work folder')
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f'harness: {name} did not answer on {url} within {timeout} s')


def authtoken_section(keystone_url, service_type, cache_dir):
    return f"""
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = {keystone_url}/v3
auth_url = {keystone_url}/v3
auth_type = password
username = admin
password = {ADMIN_PASSWORD}
project_name = admin
user_domain_id = default
project_domain_id = default
service_type = {service_type}
delay_auth_decision = false
include_service_catalog = true
token_cache_time = 300
"""


def main():
    work = os.path.abspath(sys.argv[1])
    os.makedirs(work, exist_ok=True)
    started = time.time()
    children = []

    def stop(*_, code=0):
        for p in children:
            if p.poll() is None:
                p.terminate()
        for p in children:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        sys.exit(code)

    signal.signal(signal.SIGTERM, stop)
    logs = os.path.join(work, 'logs')
    os.makedirs(logs, exist_ok=True)

    def spawn(name, args, env=None):
        out = open(os.path.join(logs, f'{name}.log'), 'ab')
        p = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             env={**os.environ, **(env or {})}, cwd=work)
        children.append(p)
        return p

    try:
        ks_port, swift_port, cinder_port = free_port(), free_port(), free_port()
        acct_port, cont_port, obj_port = free_port(), free_port(), free_port()
        keystone_url = f'http://127.0.0.1:{ks_port}'
        swift_url = f'http://127.0.0.1:{swift_port}'
        cinder_url = f'http://127.0.0.1:{cinder_port}'
        timings = {}

        # --- Keystone -------------------------------------------------------------------------
        t = time.time()
        ks = os.path.join(work, 'keystone')
        conf = os.path.join(ks, 'keystone.conf')
        write(conf, f"""[DEFAULT]
log_file = {logs}/keystone-manage.log
[database]
connection = sqlite:///{ks}/keystone.db
[token]
provider = fernet
expiration = 14400
[fernet_tokens]
key_repository = {ks}/fernet-keys
[fernet_receipts]
key_repository = {ks}/fernet-receipts
[credential]
key_repository = {ks}/credential-keys
[identity]
password_hash_rounds = 4
[cache]
enabled = true
backend = oslo_cache.dict
expiration_time = 600
""")
        # db_sync, key set-up and bootstrap are most of Keystone's start-up: they are done once per
        # package version into a template folder (database without endpoints, fernet and credential
        # keys), copied for each harness; the catalog is created through the API below.
        version = run(['dpkg-query', '-W', '-f', '${Version}', 'keystone']).strip().replace(':', '_')
        template = os.path.join(os.environ.get('TMPDIR', '/tmp'), f'pa-cloud-kit-keystone-{version}')
        if not os.path.exists(os.path.join(template, 'ready')):
            shutil.rmtree(template + '.part', ignore_errors=True)
            os.makedirs(template + '.part')
            tconf = os.path.join(template + '.part', 'keystone.conf')
            with open(conf) as f:
                write(tconf, f.read().replace(ks, template + '.part'))
            run(['keystone-manage', '--config-file', tconf, 'db_sync'])
            for what in ('fernet_setup', 'credential_setup'):
                run(['keystone-manage', '--config-file', tconf, what, '--keystone-user', 'root', '--keystone-group', 'root'])
            run(['keystone-manage', '--config-file', tconf, 'bootstrap', '--bootstrap-password', ADMIN_PASSWORD,
                 '--bootstrap-region-id', REGION])
            write(os.path.join(template + '.part', 'ready'), version)
            shutil.rmtree(template, ignore_errors=True)
            os.replace(template + '.part', template)
        shutil.copy(os.path.join(template, 'keystone.db'), os.path.join(ks, 'keystone.db'))
        # Write-ahead logging: a reader's open transaction does not lock out the writer.
        import sqlite3
        with sqlite3.connect(os.path.join(ks, 'keystone.db')) as db:
            db.execute('PRAGMA journal_mode=WAL')
        for keys in ('fernet-keys', 'fernet-receipts', 'credential-keys'):
            if os.path.isdir(os.path.join(template, keys)):
                shutil.copytree(os.path.join(template, keys), os.path.join(ks, keys))
        timings['keystoneSetup'] = round(time.time() - t, 2)
        t = time.time()
        keystone = spawn('keystone', [PY, os.path.join(HERE, 'serve.py'), 'keystone', str(ks_port)],
                         {'OS_KEYSTONE_CONFIG_FILES': conf})

        # --- Swift ----------------------------------------------------------------------------
        sw = os.path.join(work, 'swift')
        dev = os.path.join(sw, 'devices')
        os.makedirs(os.path.join(dev, 'd1'), exist_ok=True)
        write(f'{sw}/swift.conf', """[swift-hash]
swift_hash_path_suffix = pa-cloud-kit-harness
swift_hash_path_prefix = harness
[storage-policy:0]
name = Policy-0
default = yes
""")
        write(f'{sw}/container-sync-realms.conf', f"""[{SYNC_REALM}]
key = {SYNC_REALM_KEY}
cluster_{SYNC_CLUSTER} = {swift_url}/v1/
""")
        from swift.common.ring import RingBuilder
        for ring, port in (('account', acct_port), ('container', cont_port), ('object', obj_port)):
            builder = RingBuilder(4, 1, 1)
            builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port, 'device': 'd1', 'weight': 1})
            builder.rebalance()
            builder.get_ring().save(f'{sw}/{ring}.ring.gz')
        common = f"""[DEFAULT]
bind_ip = 127.0.0.1
workers = 0
swift_dir = {sw}
devices = {dev}
mount_check = false
disable_fallocate = true
log_name = swift
log_facility = LOG_LOCAL0
"""
        write(f'{sw}/account-server.conf', common + f"""bind_port = {acct_port}
[pipeline:main]
pipeline = account-server
[app:account-server]
use = egg:swift#account
""")
        write(f'{sw}/container-server.conf', common + f"""bind_port = {cont_port}
[pipeline:main]
pipeline = container-server
[app:container-server]
use = egg:swift#container
allowed_sync_hosts = 127.0.0.2
""")
        write(f'{sw}/object-server.conf', common + f"""bind_port = {obj_port}
[pipeline:main]
pipeline = object-server
[app:object-server]
use = egg:swift#object
""")
        write(f'{sw}/proxy-server.conf', common + f"""bind_port = {swift_port}
[pipeline:main]
pipeline = catch_errors proxy-logging cache container_sync authtoken keystoneauth copy versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:1
[filter:container_sync]
use = egg:swift#container_sync
[filter:copy]
use = egg:swift#copy
[filter:symlink]
use = egg:swift#symlink
[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_versioned_writes = true
allow_object_versioning = true
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
reseller_admin_role = ResellerAdmin
""" + authtoken_section(keystone_url, 'object-store', sw))
        swift_procs = [spawn(f'swift-{n}', [PY, os.path.join(HERE, 'serve.py'), 'swift', f'{sw}/{n}-server.conf'])
                       for n in ('account', 'container', 'object', 'proxy')]

        # --- Cinder emulator ------------------------------------------------------------------
        cinder_dir = os.path.join(work, 'cinder')
        os.makedirs(cinder_dir, exist_ok=True)
        write(f'{cinder_dir}/api-paste.ini', f"""[pipeline:main]
pipeline = authtoken cinder
[app:cinder]
paste.app_factory = cinder_emulator:app_factory
""" + authtoken_section(keystone_url, os.environ.get('HARNESS_BLOCK_STORAGE_TYPE', 'block-storage'), cinder_dir))
        cinder = spawn('cinder', [PY, os.path.join(HERE, 'serve.py'), 'cinder', str(cinder_port), f'{cinder_dir}/api-paste.ini'],
                       {'PYTHONPATH': HERE, 'CINDER_EMULATOR_STATE': cinder_dir, 'CINDER_EMULATOR_SWIFT': swift_url})

        wait_http(f'{keystone_url}/v3', keystone, 'keystone')
        timings['keystoneServe'] = round(time.time() - t, 2)

        # --- Catalog, projects, users -----------------------------------------------------------
        from keystoneauth1 import session as ks_session
        from keystoneauth1.identity import v3
        from keystoneclient.v3 import client as ks_client
        auth = v3.Password(auth_url=f'{keystone_url}/v3', username='admin', password=ADMIN_PASSWORD, project_name='admin',
                           user_domain_id='default', project_domain_id='default')
        kc = ks_client.Client(session=ks_session.Session(auth=auth), endpoint_override=f'{keystone_url}/v3')
        kc.regions.create(id=OFFSITE_REGION)
        block_types = [s.strip() for s in os.environ.get('HARNESS_BLOCK_STORAGE_CATALOG', 'block-storage,volumev3').split(',') if s.strip()]
        known = [x for x in kc.services.list() if x.type == 'identity']
        identity = known[0] if known else kc.services.create(name='keystone', type='identity')
        for interface in ('public', 'internal'):
            kc.endpoints.create(service=identity, url=f'{keystone_url}/v3', interface=interface, region=REGION)
        services = [('swift', 'object-store', f'{swift_url}/v1/AUTH_%(project_id)s', [REGION, OFFSITE_REGION]),
                    ('nova', 'compute', f'{cinder_url}/v2.1', [REGION]),
                    # The client builds an image client for `volume create` even without --image; never called.
                    ('glance', 'image', f'{cinder_url}/image', [REGION])]
        services += [(f'cinder-{t}', t, f'{cinder_url}/v3/%(project_id)s', [REGION]) for t in block_types]
        for name, stype, url, regions in services:
            svc = kc.services.create(name=name, type=stype)
            for region in regions:
                for interface in ('public', 'internal'):
                    kc.endpoints.create(service=svc, url=url, interface=interface, region=region)
        print(f'harness: catalog at {time.time() - started:.1f} s', file=sys.stderr, flush=True)
        member = next(r for r in kc.roles.list() if r.name == 'member')
        tenants = {}
        for name in [s for s in os.environ.get('HARNESS_PROJECTS', 'tenant').split(',') if s]:
            project = kc.projects.create(name=name, domain='default')
            user = kc.users.create(name=f'{name}-operator', domain='default', password=f'{name}-password', default_project=project)
            kc.roles.grant(member, user=user, project=project)
            print(f'harness: project {name} at {time.time() - started:.1f} s', file=sys.stderr, flush=True)
            tenants[name] = {'projectId': project.id, 'userId': user.id, 'username': user.name, 'password': f'{name}-password'}

        for (name, port), p in zip((('account', acct_port), ('container', cont_port), ('object', obj_port), ('proxy', swift_port)), swift_procs):
            wait_http(f'http://127.0.0.1:{port}/', p, f'swift-{name}')
        wait_http(f'{cinder_url}/', cinder, 'cinder emulator')
        timings['total'] = round(time.time() - started, 2)
        print(json.dumps({
            'authUrl': f'{keystone_url}/v3', 'region': REGION, 'offsiteRegion': OFFSITE_REGION,
            'swiftUrl': swift_url, 'cinderUrl': cinder_url, 'cinderState': cinder_dir,
            'admin': {'username': 'admin', 'password': ADMIN_PASSWORD, 'project': 'admin'},
            'tenants': tenants, 'blockStorageTypes': block_types,
            'sync': {'realm': SYNC_REALM, 'cluster': SYNC_CLUSTER, 'realmKey': SYNC_REALM_KEY},
            'logs': logs, 'timings': timings,
        }), flush=True)
    except BaseException as e:  # noqa: B902 - any failure stops the children and says why
        print(f'harness: {e}', file=sys.stderr, flush=True)
        stop(code=1)
    sys.stdin.read()  # until the test closes our stdin
    stop()


if __name__ == '__main__':
    main()
