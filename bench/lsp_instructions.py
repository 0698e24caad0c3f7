#!/usr/bin/env python3
"""Instructions of the language server for a keystroke: opens FILE (Markdown) in `BINARY lsp` run
under valgrind cachegrind, types N keystrokes (a character typed, then deleted, at the start of
the third line), waiting for each answer. Run with N and with 0 and subtract; see docs/eval.md.

Usage: python3 bench/lsp_instructions.py BINARY N [FILE]
"""
import json, subprocess, sys
binary, n = sys.argv[1], int(sys.argv[2])
text = open(sys.argv[3] if len(sys.argv) > 3 else '/tmp/polnear-1mb.md').read()
p = subprocess.Popen(['valgrind','--tool=cachegrind','--cache-sim=no','--cachegrind-out-file=/dev/null','--log-file=/tmp/vg.txt',binary,'lsp','--log-level','error'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(m):
    b = json.dumps(m).encode(); p.stdin.write(b'Content-Length: %d\r\n\r\n' % len(b) + b); p.stdin.flush()
def recv():
    h = b''
    while not h.endswith(b'\r\n\r\n'): h += p.stdout.read(1)
    l = int([x for x in h.split(b'\r\n') if x.lower().startswith(b'content-length')][0].split(b':')[1])
    return json.loads(p.stdout.read(l))
def wait_diag(v):
    while True:
        m = recv()
        if m.get('method') == 'textDocument/publishDiagnostics' and m['params'].get('version') == v: return m
        if 'id' in m and 'method' in m: send({'jsonrpc':'2.0','id':m['id'],'result':None})
send({'jsonrpc':'2.0','id':1,'method':'initialize','params':{'capabilities':{'general':{'positionEncodings':['utf-16']}},'initializationOptions':{'debounceMs':0}}})
while 'id' not in recv() : pass
send({'jsonrpc':'2.0','method':'initialized','params':{}})
uri='file:///bench/story.md'
send({'jsonrpc':'2.0','method':'textDocument/didOpen','params':{'textDocument':{'uri':uri,'languageId':'markdown','version':1,'text':text}}})
d = wait_diag(1)
for v in range(2, 2+n):
    end, ch = (0,'x') if v%2==0 else (1,'')
    send({'jsonrpc':'2.0','method':'textDocument/didChange','params':{'textDocument':{'uri':uri,'version':v},'contentChanges':[{'range':{'start':{'line':2,'character':0},'end':{'line':2,'character':end}},'text':ch}]}})
    wait_diag(v)
send({'jsonrpc':'2.0','id':2,'method':'shutdown','params':None}); 
while recv().get('id') != 2: pass
send({'jsonrpc':'2.0','method':'exit','params':None}); p.stdin.close(); p.wait()
print(len(d['params']['diagnostics']), [l for l in open('/tmp/vg.txt') if 'I *refs' in l or 'I   refs' in l])
