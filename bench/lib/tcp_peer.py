# What the Python bench peers share: listen on 127.0.0.1 (a free port, printed first), serve each
# connection on a thread of its own with `handle(conn)`, and leave as soon as stdin closes.
import os
import socket
import sys
import threading


def serve_forever(handle):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('127.0.0.1', 0))
    server.listen(64)
    print(server.getsockname()[1], flush=True)
    # Closing the socket from another thread does not wake accept(): leave at once instead.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()
