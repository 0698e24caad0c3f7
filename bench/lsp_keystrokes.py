#!/usr/bin/env python3
"""A fixed-count keystroke driver for the language server, for instruction counts and CPU time
(criterion's wall times drift with the machine's load; these do not, or less).

Opens FILE (UTF-16 positions, debounceMs 0), types N one-character changes at the start of the
third line (typing and deleting in turn), each waiting for the publishDiagnostics of its
version (read, not parsed), then shuts the server down. Prints the server's CPU time per
keystroke (user + system, from /proc/PID/stat) and the wall time per keystroke.

    COPYDESK_BENCH_DUMP=/tmp/in cargo bench --bench lsp      # writes the bench's two texts
    python3 bench/lsp_keystrokes.py 60 /tmp/in/manuscript-1mb.md -- target/release/copydesk lsp --log-level error
    # instructions: run N=0 and N=10 under cachegrind; (Ir(10) - Ir(0)) / 10 per keystroke
    python3 bench/lsp_keystrokes.py 10 /tmp/in/manuscript-1mb.md -- valgrind --tool=cachegrind \
        --cache-sim=no --cachegrind-out-file=cg.out target/release/copydesk lsp --log-level error
"""
import sys, json, subprocess
n = int(sys.argv[1]); path = sys.argv[2]; cmd = sys.argv[4:]
text = open(path).read()
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(obj):
    b = json.dumps(obj).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
def read():
    length = None
    while True:
        line = p.stdout.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return p.stdout.read(length)
def wait(pred):
    while True:
        body = read()
        if pred(body):
            return body
send({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":None,"capabilities":{"general":{"positionEncodings":["utf-16"]}},"initializationOptions":{"debounceMs":0}}})
wait(lambda b: b'"id":1' in b)
send({"jsonrpc":"2.0","method":"initialized","params":{}})
uri = "file:///bench/story.md"
send({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"markdown","version":1,"text":text}}})
def diags(v):
    tag = b'"version":%d' % v
    body = wait(lambda b: b"publishDiagnostics" in b and tag in b[-40:])
    return len(body)
size = diags(1)
import os, time
def cpu():
    f = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
def sys_():
    f = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
    return int(f[12]) / os.sysconf("SC_CLK_TCK")
s0 = sys_()
c0 = cpu(); w0 = time.perf_counter()
for i in range(n):
    v = i + 2
    end, ch = (0, "x") if v % 2 == 0 else (1, "")
    send({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":uri,"version":v},"contentChanges":[{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":end}},"text":ch}]}})
    size = diags(v)
s1 = sys_(); c1 = cpu(); w1 = time.perf_counter()
if n: print("server cpu per keystroke %.3f ms, wall %.3f ms, of it sys %.3f ms" % ((c1 - c0) * 1000 / n, (w1 - w0) * 1000 / n, (s1 - s0) * 1000 / n), file=sys.stderr)
send({"jsonrpc":"2.0","id":2,"method":"shutdown","params":None})
wait(lambda b: b'"id":2' in b)
send({"jsonrpc":"2.0","method":"exit"})
p.wait()
print("keystrokes", n, "last body bytes", size, file=sys.stderr)
