# The TCP source of bench/lib/tcp-source.mjs, in Python: a process of its own whose sending is a
# C loop (socket.sendall), so the reading side is measured, not the sender. Same protocol: each
# connection sends one command line, `bulk <bytes>` or `lines <count> <seed>`; the source sends
# those bytes (generated once per command) and closes. Prints its port, then serves until
# stdin closes.
import random
import socket
import threading

from tcp_peer import serve_forever

cache = {}
printable = bytes(33 + b % 94 for b in range(256))
lock = threading.Lock()


def lines(count, seed):
    # Lines of 40-200 bytes of printable ASCII, each ending in '\n' (not the bytes of the
    # JavaScript source: the benches count lines and bytes, both sides read the same ones).
    rng = random.Random(seed)
    out = bytearray(rng.randbytes(count * 201).translate(printable))
    at = 0
    for _ in range(count):
        at += 40 + rng.randrange(161)
        out[at] = 10
        at += 1
    return bytes(out[:at])


def data(command):
    with lock:
        if command not in cache:
            parts = command.split(' ')
            cache[command] = b'Z' * int(parts[1]) if parts[0] == 'bulk' else lines(int(parts[1]), int(parts[2]))
        return cache[command]


def serve(conn):
    try:
        got = b''
        while b'\n' not in got:
            chunk = conn.recv(4096)
            if not chunk:
                return
            got += chunk
        conn.sendall(data(got.split(b'\n', 1)[0].decode('latin-1')))
        conn.shutdown(socket.SHUT_WR)
        while conn.recv(65536):
            pass
    except OSError:
        pass
    finally:
        conn.close()


serve_forever(serve)
