#!/usr/bin/env python3
"""Asks the llama.cpp build shipped with LLamaSharp whether it accepts GBNF texts.

Usage: gbnf-verdicts.py NATIVE_DIR CASES.json OUT.json
  NATIVE_DIR: folder with libllama.so and libggml*.so (e.g. the test output's runtimes/linux-x64/native/noavx)
  CASES.json: a JSON array of GBNF strings
Each grammar is tried in its own process (llama.cpp may hang or crash on some inputs) with
llama_sampler_init_grammar(NULL vocab, text, "root"); a non-NULL sampler means "accepted".
The output feeds GbnfLlamaCppVerdicts.cs.
"""
import ctypes, json, subprocess, sys, tempfile

def check_one(native_dir, path):
    for name in ['libggml-base.so', 'libggml-cpu.so', 'libggml.so']:
        ctypes.CDLL(native_dir + '/' + name, mode=ctypes.RTLD_GLOBAL)
    lib = ctypes.CDLL(native_dir + '/libllama.so')
    lib.llama_sampler_init_grammar.restype = ctypes.c_void_p
    lib.llama_sampler_init_grammar.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.llama_sampler_free.argtypes = [ctypes.c_void_p]
    sampler = lib.llama_sampler_init_grammar(None, open(path, 'rb').read(), b'root')
    print('ACCEPT' if sampler else 'REJECT')
    if sampler:
        lib.llama_sampler_free(sampler)

def main():
    if sys.argv[1] == '--one':
        check_one(sys.argv[2], sys.argv[3])
        return
    native_dir, cases_path, out_path = sys.argv[1:4]
    out = []
    for gbnf in json.load(open(cases_path)):
        with tempfile.NamedTemporaryFile('wb', suffix='.gbnf') as f:
            f.write(gbnf.encode('utf-8'))
            f.flush()
            try:
                r = subprocess.run([sys.executable, __file__, '--one', native_dir, f.name], capture_output=True, timeout=5)
                verdict = r.stdout.decode().strip() if r.returncode == 0 else 'CRASH'
            except subprocess.TimeoutExpired:
                verdict = 'HANG'
        out.append({'gbnf': gbnf, 'llama': verdict})
    json.dump(out, open(out_path, 'w'), ensure_ascii=False, indent=1)

if __name__ == '__main__':
    main()
