# The TCP sink of bench/lib/tcp.mjs, in Python: a process of its own that reads and discards
# everything sent to it (recv in a C loop). Prints its port, then serves until stdin closes.
import os
import socket
import sys
import threading


def drain(conn):
    try:
        while conn.recv(1 << 20):
            pass
    except OSError:
        pass
    finally:
        conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('127.0.0.1', 0))
    server.listen(64)
    print(server.getsockname()[1], flush=True)
    # Closing the socket from another thread does not wake accept(): leave at once instead.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while True:
        conn, _ = server.accept()
        threading.Thread(target=drain, args=(conn,), daemon=True).start()


main()
