"""An emulator of Cinder's v3 volume and backup API for the kit's runtime tests.

Cinder needs block devices and a backup service, which do not run here, so this emulator serves
the part of the Block Storage v3 API the backup scheduler uses, with the request and response
shapes of the API reference (https://docs.openstack.org/api-ref/block-storage/v3/): volumes
(create, list with details and filters, show, delete), volume types, backups (create with
`incremental` and `force`, list with details and filters, show, delete, restore with 202,
`export_record` refused to non-admins as under Cinder's default policy), errors as
`{"badRequest": {"code": 400, "message": ...}}`, unknown request fields refused (Cinder validates
request bodies with JSON schemas with `additionalProperties: false`). It is served behind the real
keystonemiddleware `authtoken` (with a `service_type`), so application-credential access rules
are enforced by keystonemiddleware. Compute: the two volume-attachment calls (and the server and
version lookups the client makes before them), which the restore test uses to read a restored
volume.

Data model (what the emulator adds): a volume's content is a byte string (a small disk image the
test writes, e.g. an ext4 file system); a backup stores the content of its volume when it is
taken, and writes Cinder's chunked-driver `<prefix>_sha256file` (sha256 of every 32 KiB block)
into the backup container on the real Swift with the caller's token, as Cinder's Swift driver
does without service tokens; a restore copies the backup's content into the volume; attaching a
volume writes its content to `<device dir>/virtio-<first 20 characters of its id>`, as a
virtio-blk disk shows up in a guest's /dev/disk/by-id.

Test control (not under authtoken, loopback only) under /_harness: the clock per project
(created_at of new backups), workload volumes, faults, and a dump of the state.
"""
import configparser
import datetime
import hashlib
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
import uuid

from keystonemiddleware import auth_token

LOCK = threading.RLock()
STATE = {'volumes': {}, 'backups': {}, 'clock': {}, 'faults': {}, 'types': {}, 'requests': []}
CONTENT = {}  # sha256 -> bytes
SHA_BLOCK = 32768
BACKUP_POLICY = {'creating': 'available', 'restoring': 'available', 'deleting': None}

TYPES = [
    {'id': '7e1d1a5b-0000-4000-8000-000000000001', 'name': '__DEFAULT__', 'description': 'Default Volume Type',
     'is_public': True, 'extra_specs': {}, 'encrypted': False},
    {'id': '7e1d1a5b-0000-4000-8000-000000000002', 'name': 'encrypted-luks', 'description': 'LUKS encrypted',
     'is_public': True, 'extra_specs': {}, 'encrypted': True},
]


class ApiError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


KIND = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound', 405: 'notAllowed', 409: 'conflict', 413: 'overLimit'}


def now_of(project):
    clock = STATE['clock'].get(project)
    return datetime.datetime.utcfromtimestamp(clock if clock is not None else time.time())


def stamp(dt):
    return dt.strftime('%Y-%m-%dT%H:%M:%S.%f')


def check_fields(body, key, allowed, required=()):
    if not isinstance(body, dict) or set(body) != {key} or not isinstance(body[key], dict):
        raise ApiError(400, f"Invalid input for field/attribute {key}. Value: {json.dumps(body)}. '{key}' is a required property")
    inner = body[key]
    extra = sorted(set(inner) - set(allowed))
    if extra:
        raise ApiError(400, f"Invalid input for field/attribute {key}. Value: {json.dumps(inner)}. Additional properties are not allowed ({', '.join(repr(e) for e in extra)} {'was' if len(extra) == 1 else 'were'} unexpected)")
    for r in required:
        if inner.get(r) is None:
            raise ApiError(400, f"Invalid input for field/attribute {key}. Value: {json.dumps(inner)}. '{r}' is a required property")
    return inner


def volume_type(ref):
    if ref is None:
        return TYPES[0]
    for t in TYPES:
        if ref in (t['id'], t['name']):
            return t
    raise ApiError(404, f'Volume type with name {ref} could not be found.')


def volume_view(v, base):
    return {
        'id': v['id'], 'name': v['name'], 'description': v.get('description'), 'status': v['status'], 'size': v['size'],
        'availability_zone': 'nova', 'created_at': v['created_at'], 'updated_at': v.get('updated_at'),
        'attachments': v.get('attachments', []), 'bootable': 'false', 'encrypted': volume_type(v['volume_type'])['encrypted'],
        'volume_type': v['volume_type'], 'metadata': v.get('metadata', {}), 'multiattach': False,
        'replication_status': None, 'snapshot_id': None, 'source_volid': None, 'consistencygroup_id': None,
        'migration_status': None, 'user_id': v['user_id'],
        'links': [{'rel': 'self', 'href': f"{base}/volumes/{v['id']}"}],
    }


def parents():
    return {x.get('parent_id') for x in STATE['backups'].values() if x['status'] != 'deleted'}


def backup_view(b, base, parent_ids=None):
    dependents = b['id'] in (parents() if parent_ids is None else parent_ids)
    return {
        'id': b['id'], 'name': b['name'], 'description': b.get('description'), 'status': b['status'], 'size': b['size'],
        'volume_id': b['volume_id'], 'container': b['container'], 'availability_zone': 'nova',
        'created_at': b['created_at'], 'updated_at': b.get('updated_at'), 'data_timestamp': b['created_at'],
        'fail_reason': b.get('fail_reason'), 'has_dependent_backups': dependents, 'is_incremental': b['is_incremental'],
        'object_count': b.get('object_count', 0), 'snapshot_id': None,
        'links': [{'rel': 'self', 'href': f"{base}/backups/{b['id']}"}],
    }


def advance(project):
    """Asynchronous work finishes between two requests: creating/restoring become available."""
    for b in STATE['backups'].values():
        if b['project'] == project and b['status'] in ('creating', 'restoring'):
            b['status'] = 'available'
    for v in STATE['volumes'].values():
        if v['project'] == project and v['status'] in ('creating', 'restoring-backup', 'attaching', 'detaching'):
            v['status'] = v.pop('next_status', 'available')


def find(kind, project, ident, what):
    item = STATE[kind].get(ident)
    if item is None or item['project'] != project or item.get('status') == 'deleted':
        raise ApiError(404, f'{what} {ident} could not be found.')
    return item


def swift_put(token, container, name, data):
    req = urllib.request.Request(f"{os.environ['CINDER_EMULATOR_SWIFT']}/v1/AUTH_{container[0]}/{container[1]}/{name}",
                                 data=data, method='PUT', headers={'X-Auth-Token': token})
    with urllib.request.urlopen(req, timeout=10):
        pass


def filters(query, allowed):
    out = {}
    for key, value in query.items():
        if key in ('limit', 'marker', 'sort', 'sort_key', 'sort_dir', 'offset', 'with_count', 'all_tenants'):
            continue
        if key not in allowed:
            continue  # Cinder ignores filters it does not allow (resource_filters.json)
        out[key] = value
    return out


def volumes_api(env, method, parts, body, project, user, token, roles):
    base = f"http://{env['HTTP_HOST']}/v3/{project}"
    query = dict(p.split('=', 1) for p in env.get('QUERY_STRING', '').split('&') if '=' in p)
    query = {k: urllib.request.unquote(v) for k, v in query.items()}
    if parts == ['volumes'] and method == 'POST':
        v = check_fields(body, 'volume', ('size', 'name', 'description', 'volume_type', 'metadata', 'availability_zone',
                                          'snapshot_id', 'source_volid', 'consistencygroup_id', 'imageRef', 'multiattach',
                                          'backup_id', 'group_id'), ('size',))
        if not isinstance(v['size'], int) or v['size'] < 1:
            raise ApiError(400, f"Invalid input for field/attribute size. Value: {v['size']}.")
        t = volume_type(v.get('volume_type'))
        vol = {'id': str(uuid.uuid4()), 'project': project, 'user_id': user, 'name': v.get('name'), 'description': v.get('description'),
               'size': v['size'], 'status': 'creating', 'volume_type': t['name'], 'metadata': v.get('metadata') or {},
               'created_at': stamp(now_of(project)), 'content': None}
        STATE['volumes'][vol['id']] = vol
        return 202, {'volume': volume_view(vol, base)}
    if parts in (['volumes'], ['volumes', 'detail']) and method == 'GET':
        f = filters(query, ('name', 'status', 'metadata', 'bootable', 'availability_zone'))
        out = []
        for vol in STATE['volumes'].values():
            if vol['project'] != project or vol['status'] == 'deleted':
                continue
            if 'name' in f and vol['name'] != f['name'] or 'status' in f and vol['status'] != f['status']:
                continue
            if 'metadata' in f:
                wanted = json.loads(f['metadata'].replace("'", '"'))
                if any(vol['metadata'].get(k) != val for k, val in wanted.items()):
                    continue
            view = volume_view(vol, base)
            out.append(view if parts[-1] == 'detail' else {'id': view['id'], 'name': view['name'], 'links': view['links']})
        return 200, {'volumes': out}
    if len(parts) == 2 and parts[0] == 'volumes':
        vol = find('volumes', project, parts[1], 'Volume')
        if method == 'GET':
            return 200, {'volume': volume_view(vol, base)}
        if method == 'DELETE':
            if vol['status'] not in ('available', 'error', 'error_restoring', 'error_extending', 'error_managing'):
                raise ApiError(400, f"Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer. (HTTP 400)")
            vol['status'] = 'deleted'
            return 202, None
    if parts == ['types'] and method == 'GET':
        return 200, {'volume_types': [{k: t[k] for k in ('id', 'name', 'description', 'is_public', 'extra_specs')} for t in TYPES]}
    if len(parts) == 2 and parts[0] == 'types' and method == 'GET':
        t = volume_type(parts[1])
        return 200, {'volume_type': {k: t[k] for k in ('id', 'name', 'description', 'is_public', 'extra_specs')}}
    if parts == ['backups'] and method == 'POST':
        b = check_fields(body, 'backup', ('volume_id', 'container', 'name', 'description', 'incremental', 'force',
                                          'snapshot_id', 'metadata', 'availability_zone'), ('volume_id',))
        vol = STATE['volumes'].get(b['volume_id'])
        if vol is None or vol['project'] != project or vol['status'] == 'deleted':
            raise ApiError(404, f"Volume {b['volume_id']} could not be found.")
        if vol['status'] == 'in-use' and not b.get('force'):
            raise ApiError(400, 'Invalid volume: Backing up an in-use volume must use the force flag. (HTTP 400)')
        if vol['status'] not in ('available', 'in-use'):
            raise ApiError(400, f"Invalid volume: Volume to be backed up must be available or in-use, but the current status is \"{vol['status']}\". (HTTP 400)")
        if STATE['faults'].get(project, {}).get('backup') == 'quota':
            raise ApiError(413, 'VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds allowed Backup gigabytes quota.')
        parent = None
        if b.get('incremental'):
            previous = [x for x in STATE['backups'].values() if x['volume_id'] == vol['id'] and x['status'] == 'available']
            if not previous:
                raise ApiError(400, 'Invalid backup: No backups available to do an incremental backup. (HTTP 400)')
            parent = max(previous, key=lambda x: x['created_at'])['id']
        when = now_of(project)
        backup = {'id': str(uuid.uuid4()), 'project': project, 'name': b.get('name'), 'description': b.get('description'),
                  'volume_id': vol['id'], 'size': vol['size'], 'container': b.get('container') or 'volumebackups',
                  'is_incremental': bool(b.get('incremental')), 'parent_id': parent, 'created_at': stamp(when),
                  'status': 'creating', 'content': vol.get('content')}
        fault = STATE['faults'].get(project, {}).get('backup')
        if fault == 'error':
            backup.update(status='error', fail_reason='emulated backup service failure')
        elif backup['content'] is not None:
            data = CONTENT[backup['content']]
            shas = [hashlib.sha256(data[i:i + SHA_BLOCK]).hexdigest() for i in range(0, len(data), SHA_BLOCK)]
            prefix = f"volume_{vol['id']}/{when.strftime('%Y%m%d%H%M%S')}/az_nova_backup_{backup['id']}"
            sha_file = json.dumps({'backup_id': backup['id'], 'volume_id': vol['id'], 'backup_name': backup['name'],
                                   'backup_description': backup['description'], 'created_at': str(when), 'version': '1.0.0',
                                   'chunk_size': SHA_BLOCK, 'sha256s': shas}).encode()
            try:
                swift_put(token, (project, backup['container']), f'{prefix}_sha256file', sha_file)
                backup['object_count'] = 2
            except urllib.error.HTTPError as e:
                backup.update(status='error', fail_reason=f'Swift refused the backup objects: {e.code} {e.reason}')
        STATE['backups'][backup['id']] = backup
        return 202, {'backup': {'id': backup['id'], 'name': backup['name'], 'links': backup_view(backup, base)['links']}}
    if parts in (['backups'], ['backups', 'detail']) and method == 'GET':
        f = filters(query, ('name', 'status', 'volume_id'))
        parent_ids = parents()
        out = []
        for b in STATE['backups'].values():
            if b['project'] != project or b['status'] == 'deleted':
                continue
            if any(b[k] != v for k, v in f.items()):
                continue
            view = backup_view(b, base, parent_ids)
            out.append(view if parts[-1] == 'detail' else {'id': view['id'], 'name': view['name'], 'links': view['links']})
        out.sort(key=lambda x: x['created_at'], reverse=True)
        return 200, {'backups': out}
    if len(parts) >= 2 and parts[0] == 'backups':
        b = find('backups', project, parts[1], 'Backup')
        if len(parts) == 2 and method == 'GET':
            return 200, {'backup': backup_view(b, base)}
        if len(parts) == 2 and method == 'DELETE':
            if b['status'] not in ('available', 'error'):
                raise ApiError(400, 'Invalid backup: Backup status must be available or error (HTTP 400)')
            if backup_view(b, base)['has_dependent_backups']:
                raise ApiError(400, 'Invalid backup: Incremental backups exist for this backup. (HTTP 400)')
            b['status'] = 'deleted'
            return 202, None
        if parts[2:] == ['restore'] and method == 'POST':
            r = check_fields(body, 'restore', ('volume_id', 'name'))
            if b['status'] != 'available':
                raise ApiError(400, f"Invalid backup: Backup status must be available but is {b['status']}. (HTTP 400)")
            if r.get('volume_id') is None:
                raise ApiError(400, 'The emulator restores into existing volumes only (pass volume_id).')
            vol = find('volumes', project, r['volume_id'], 'Volume')
            if vol['status'] != 'available':
                raise ApiError(400, f"Invalid volume: Volume to be restored to must be available (HTTP 400)")
            if vol['size'] < b['size']:
                raise ApiError(400, f"Invalid volume: volume size {vol['size']} is smaller than backup size {b['size']}. (HTTP 400)")
            fault = STATE['faults'].get(project, {}).get('restore')
            vol['status'] = 'restoring-backup'
            vol['next_status'] = 'error_restoring' if fault == 'error' else 'available'
            content = b.get('content')
            if fault == 'corrupt' and content is not None:
                content = put_content(bytes(b ^ 0xFF for b in CONTENT[content]))  # every byte flipped
            vol['content'] = content
            b['status'] = 'restoring'
            return 202, {'restore': {'backup_id': b['id'], 'volume_id': vol['id'], 'volume_name': vol['name']}}
        if parts[2:] == ['export_record'] and method == 'GET':
            if 'admin' not in roles:
                raise ApiError(403, 'Policy doesn\'t allow backup:export-import to be performed.')
            return 200, {'backup-record': {'backup_service': 'cinder.backup.drivers.swift.SwiftBackupDriver', 'backup_url': 'e30='}}
    raise ApiError(404, 'The resource could not be found.')


def put_content(data):
    key = hashlib.sha256(data).hexdigest()
    CONTENT.setdefault(key, data)
    return key


def compute_api(env, method, parts, body, project):
    if len(parts) >= 2 and parts[0] == 'servers':
        server = parts[1]
        if len(parts) == 2 and method == 'GET':
            return 200, {'server': {'id': server, 'name': f'server-{server[:8]}', 'status': 'ACTIVE', 'tenant_id': project,
                                    'links': [], 'os-extended-volumes:volumes_attached': []}}
        if parts[2:] == ['os-volume_attachments'] and method == 'POST':
            a = check_fields(body, 'volumeAttachment', ('volumeId', 'device', 'tag', 'delete_on_termination'), ('volumeId',))
            vol = find('volumes', project, a['volumeId'], 'Volume')
            if vol['status'] != 'available':
                raise ApiError(400, f"Invalid volume: volume {vol['id']} status must be 'available'. Currently in '{vol['status']}'")
            vol['status'] = 'in-use'
            vol['attachments'] = [{'server_id': server, 'attachment_id': str(uuid.uuid4()), 'volume_id': vol['id'], 'device': '/dev/vdb'}]
            device_dir = STATE.get('device_dir')
            if device_dir:
                os.makedirs(device_dir, exist_ok=True)
                with open(os.path.join(device_dir, f"virtio-{vol['id'][:20]}"), 'wb') as f:
                    f.write(CONTENT[vol['content']] if vol.get('content') else b'')
            return 200, {'volumeAttachment': {'id': vol['id'], 'volumeId': vol['id'], 'serverId': server, 'device': '/dev/vdb'}}
        if len(parts) == 4 and parts[2] == 'os-volume_attachments' and method == 'DELETE':
            vol = find('volumes', project, parts[3], 'Volume')
            if vol['status'] != 'in-use':
                raise ApiError(404, f'volume_id not found: {parts[3]}')
            vol['status'] = 'available'
            vol['attachments'] = []
            device_dir = STATE.get('device_dir')
            if device_dir:
                try:
                    os.remove(os.path.join(device_dir, f"virtio-{vol['id'][:20]}"))
                except FileNotFoundError:
                    pass
            return 202, None
    raise ApiError(404, 'The resource could not be found.')


def harness_api(method, parts, body):
    """Test control: /_harness/clock/<project>, /_harness/volumes, /_harness/faults/<project>, /_harness/state."""
    if parts[:1] == ['clock'] and method == 'PUT':
        STATE['clock'][parts[1]] = float(body['now'])
        return 200, {}
    if parts[:1] == ['faults'] and method == 'PUT':
        STATE['faults'][parts[1]] = body
        return 200, {}
    if parts == ['device-dir'] and method == 'PUT':
        STATE['device_dir'] = body['path']
        return 200, {}
    if parts == ['volumes'] and method == 'POST':
        content = None
        if body.get('contentFile'):
            with open(body['contentFile'], 'rb') as f:
                content = put_content(f.read())
        vol = {'id': body.get('id') or str(uuid.uuid4()), 'project': body['project'], 'user_id': 'terraform', 'name': body['name'],
               'size': body['size'], 'status': body.get('status', 'available'), 'volume_type': body.get('volumeType', '__DEFAULT__'),
               'metadata': body.get('metadata', {}), 'created_at': stamp(now_of(body['project'])), 'content': content}
        STATE['volumes'][vol['id']] = vol
        return 201, {'id': vol['id']}
    if parts == ['backups'] and method == 'POST':  # seeding many backups (bench)
        for b in body['backups']:
            STATE['backups'][b['id']] = {'description': None, 'container': 'volumebackups', 'content': None, 'parent_id': None, **b}
        return 201, {}
    if parts == ['state'] and method == 'GET':
        strip = lambda d: {k: v for k, v in d.items() if k != 'content'} | {'contentSha256': d.get('content')}
        return 200, {'volumes': [strip(v) for v in STATE['volumes'].values()],
                     'backups': [strip(b) for b in STATE['backups'].values()],
                     'requests': STATE['requests']}
    raise ApiError(404, 'unknown harness call')


def versions(host):
    return {'versions': [{'id': 'v3.0', 'status': 'CURRENT', 'version': '3.70', 'min_version': '3.0', 'updated': '2023-02-20T00:00:00Z',
                          'links': [{'rel': 'self', 'href': f'http://{host}/v3/'}],
                          'media-types': [{'base': 'application/json', 'type': 'application/vnd.openstack.volume+json;version=3'}]}]}


def respond(start_response, code, payload, extra=()):
    reason = {200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 300: 'Multiple Choices'}.get(code, 'Error')
    data = b'' if payload is None else json.dumps(payload).encode()
    start_response(f'{code} {reason}', [('Content-Type', 'application/json'), ('Content-Length', str(len(data))), *extra])
    return [data]


def read_body(env):
    length = int(env.get('CONTENT_LENGTH') or 0)
    raw = env['wsgi.input'].read(length) if length else b''
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(400, 'Malformed request body')


def protected(env, start_response):
    """Behind authtoken: /v3/<project>/... and /v2.1/..."""
    path = env['PATH_INFO'].rstrip('/')
    parts = [p for p in path.split('/') if p]
    project = env.get('HTTP_X_PROJECT_ID')
    roles = (env.get('HTTP_X_ROLES') or '').split(',')
    try:
        with LOCK:
            body = read_body(env)
            STATE['requests'].append([env['REQUEST_METHOD'], path])
            if parts[:1] == ['v2.1']:
                code, payload = compute_api(env, env['REQUEST_METHOD'], parts[1:], body, project)
            elif parts[:1] == ['v3'] and len(parts) >= 2:
                if parts[1] != project:
                    raise ApiError(400, 'Malformed request url')
                advance(project)
                code, payload = volumes_api(env, env['REQUEST_METHOD'], parts[2:], body, project, env.get('HTTP_X_USER_ID'),
                                            env.get('HTTP_X_AUTH_TOKEN'), roles)
            else:
                raise ApiError(404, 'The resource could not be found.')
    except ApiError as e:
        code, payload = e.code, {KIND.get(e.code, 'computeFault'): {'code': e.code, 'message': e.message}}
    return respond(start_response, code, payload, [('OpenStack-API-Version', 'volume 3.0')])


def app_factory(global_conf, **local_conf):
    return make_app(global_conf['__file__'])


def make_app(paste_ini):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(paste_ini)
    conf = dict(parser['filter:authtoken'])
    conf.pop('paste.filter_factory', None)
    guarded = auth_token.AuthProtocol(protected, conf)
    # Nova has its own authtoken: access rules name the service type of the service they are for.
    compute = auth_token.AuthProtocol(protected, {**conf, 'service_type': 'compute'})

    def app(env, start_response):
        path = env['PATH_INFO']
        parts = [p for p in path.split('/') if p]
        if parts[:1] == ['_harness']:
            try:
                with LOCK:
                    return respond(start_response, *harness_api(env['REQUEST_METHOD'], parts[1:], read_body(env)))
            except ApiError as e:
                return respond(start_response, e.code, {'error': e.message})
        if parts in ([], ['v3']):
            return respond(start_response, 300 if not parts else 200,
                           versions(env['HTTP_HOST']) if not parts else {'version': versions(env['HTTP_HOST'])['versions'][0]})
        if parts[:1] == ['image'] and len(parts) <= 2:
            # Glance's version document (unauthenticated, like Glance's): the client builds an
            # image client for `volume create` and discovers its versions; no image call follows.
            href = f"http://{env['HTTP_HOST']}/image/v2/"
            return respond(start_response, 300 if len(parts) == 1 else 200,
                           {'versions': [{'id': 'v2.9', 'status': 'CURRENT', 'links': [{'rel': 'self', 'href': href}]}]})
        if parts == ['v2.1']:
            return respond(start_response, 200, {'version': {'id': 'v2.1', 'status': 'CURRENT', 'version': '2.79', 'min_version': '2.1',
                                                              'updated': '2013-07-23T11:33:21Z',
                                                              'links': [{'rel': 'self', 'href': f"http://{env['HTTP_HOST']}/v2.1/"}]}})
        if parts[:1] == ['v2.1']:
            return compute(env, start_response)
        return guarded(env, start_response)

    return app
