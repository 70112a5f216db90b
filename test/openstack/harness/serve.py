#!/usr/bin/python3
"""Serves one harness service on 127.0.0.1: `keystone PORT`, `swift CONF`, `cinder PORT PASTE_INI`."""
import socketserver
import sys
from wsgiref import simple_server


class Server(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class Handler(simple_server.WSGIRequestHandler):
    def log_message(self, *args):  # the services log what matters themselves
        pass


class SerialServer(simple_server.WSGIServer):
    allow_reuse_address = True
    request_queue_size = 128


def serve(app, port, threaded=True):
    # Keystone on SQLite serves one request at a time (concurrent writers hit "database is locked").
    server = simple_server.make_server('127.0.0.1', port, app, server_class=Server if threaded else SerialServer,
                                       handler_class=Handler)
    server.serve_forever()


def main():
    kind = sys.argv[1]
    if kind == 'keystone':
        port = int(sys.argv[2])
        sys.argv = sys.argv[:1]  # keystone parses the command line with oslo.config
        from keystone.server.wsgi import initialize_public_application
        serve(initialize_public_application(), port, threaded=False)
    elif kind == 'swift':
        from swift.common.wsgi import run_wsgi
        conf = sys.argv[2]
        server = conf.rsplit('/', 1)[1].split('.')[0]
        sys.exit(run_wsgi(conf, server, verbose=False))
    elif kind == 'cinder':
        import cinder_emulator
        serve(cinder_emulator.make_app(sys.argv[3]), int(sys.argv[2]))
    else:
        sys.exit(f'unknown service {kind}')


if __name__ == '__main__':
    main()
