#!/usr/bin/env python3
"""layout.hdf5_boundary: HDF5 stays private to output/ (README "Layout").

1. Sources: nothing in model/, agents/, sim/, cli/, and no public output/*.hpp, includes an HDF5
   header or a private output/detail/ header (only output/*.cpp and output/detail/ may).
2. Compilation: no model/, agents/, sim/ or cli/ file is compiled with HDF5's include directory
   (compile_commands.json), so none could include hdf5.h even by accident.
3. Targets: the engine library quasim_core neither links HDF5 nor passes on its include
   directories or definitions, and quasim_output keeps it PRIVATE (facts written by CMake).
Each check is also shown to fail on planted offences.

Usage: hdf5_boundary_test.py ROOT compile_commands.json TARGET_FACTS "HDF5;INCLUDE;DIRS"
"""
import json
import pathlib
import re
import shlex
import sys
import tempfile

ENGINE_AND_CLI = ("model", "agents", "sim", "cli")
SOURCE_SUFFIXES = (".hpp", ".cpp", ".h", ".in")
INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*[<"]([^>"]+)[>"]', re.M)
HDF5_HEADER = re.compile(r"^(hdf5[^/]*|H5[A-Za-z0-9_]*)\.h$")


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def is_public(rel: str) -> bool:
    """Files whose includes reach other layers: the engine, the command line, output's headers."""
    top = rel.split("/", 1)[0]
    if top in ENGINE_AND_CLI:
        return True
    return top == "output" and rel.count("/") == 1 and rel.endswith((".hpp", ".h"))


def header_offences(root: pathlib.Path):
    """'path:line: includes X' for each HDF5 or output/detail/ include in a public file."""
    for folder in ENGINE_AND_CLI + ("output",):
        for f in sorted((root / folder).rglob("*")):
            rel = f.relative_to(root).as_posix()
            if f.suffix not in SOURCE_SUFFIXES or not is_public(rel):
                continue
            text = f.read_text(encoding="utf-8", errors="replace")
            for m in INCLUDE.finditer(text):
                target = m.group(1)
                if HDF5_HEADER.match(target) or target.startswith("output/detail/"):
                    line = text.count("\n", 0, m.start()) + 1
                    yield f"{rel}:{line}: includes {target} (HDF5 is private to output/*.cpp)"


def include_paths(command: str):
    """The directories a compile command searches for headers."""
    words = shlex.split(command)
    for i, w in enumerate(words):
        for flag in ("-isystem", "-I", "-iquote", "-idirafter"):
            if w == flag and i + 1 < len(words):
                yield words[i + 1]
            elif w.startswith(flag) and len(w) > len(flag):
                yield w[len(flag):]


def names_hdf5(path: str, hdf5_dirs) -> bool:
    return path.rstrip("/") in hdf5_dirs or "hdf5" in path.lower()


def compile_offences(root: pathlib.Path, entries, hdf5_dirs):
    """(offences, files seen per folder): engine or cli files compiled with HDF5's headers."""
    seen = {}
    bad = []
    for e in entries:
        try:
            rel = pathlib.Path(e["file"]).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        top = rel.split("/", 1)[0]
        seen[top] = seen.get(top, 0) + 1
        command = e.get("command") or shlex.join(e.get("arguments", []))
        hits = [p for p in include_paths(command) if names_hdf5(p, hdf5_dirs)]
        if top in ENGINE_AND_CLI and hits:
            bad.append(f"{rel}: compiled with HDF5's headers ({hits[0]})")
        if top == "output" and hits:
            seen["output with hdf5"] = seen.get("output with hdf5", 0) + 1
    return bad, seen


def read_facts(text: str):
    facts = {}
    for line in text.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            facts[key] = [v for v in value.split(";") if v]
    return facts


def target_offences(facts, hdf5_dirs):
    """What quasim_core or quasim_output's interface carries of HDF5."""
    leaky = [k for k in facts if k.startswith("quasim_core.") or
             k.startswith("quasim_output.INTERFACE_")]
    for key in leaky:
        for value in facts[key]:
            if names_hdf5(value, hdf5_dirs) or re.search(r"\bH5_", value):
                yield f"{key} carries HDF5: {value}"


def check_real_tree(root, compile_commands, facts_file, hdf5_dirs):
    bad = list(header_offences(root))
    if bad:
        fail("HDF5 headers included outside output/*.cpp:\n  " + "\n  ".join(bad))

    entries = json.loads(pathlib.Path(compile_commands).read_text())
    bad, seen = compile_offences(root, entries, hdf5_dirs)
    if bad:
        fail("engine or command-line files see HDF5:\n  " + "\n  ".join(bad))
    for folder in ("sim", "agents", "cli", "output with hdf5"):
        if not seen.get(folder):
            fail(f"compile_commands.json has no '{folder}' files: the check would prove nothing")

    facts = read_facts(pathlib.Path(facts_file).read_text())
    bad = list(target_offences(facts, hdf5_dirs))
    if bad:
        fail("HDF5 leaks through the library targets:\n  " + "\n  ".join(bad))
    if "quasim_hdf5" not in facts.get("quasim_output.LINK_LIBRARIES", []):
        fail("quasim_output does not link quasim_hdf5: the facts file is not what the test expects")


def check_planted_offences_are_found(hdf5_dirs):
    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)
        for folder in ENGINE_AND_CLI + ("output", "output/detail"):
            (t / folder).mkdir(parents=True)
        (t / "output" / "detail" / "h5.hpp").write_text("#pragma once\n#include <hdf5.h>\n")
        (t / "output" / "file.cpp").write_text('#include "output/detail/h5.hpp"\n#include <hdf5_hl.h>\n')
        if list(header_offences(t)):
            fail("a tree that keeps HDF5 private was refused: " + str(list(header_offences(t))))
        (t / "sim" / "batch.cpp").write_text("#include <vector>\n#include <H5Cpp.h>\n")
        (t / "output" / "file.hpp").write_text('#pragma once\n\n#include "output/detail/h5.hpp"\n')
        bad = list(header_offences(t))
        want = ["output/file.hpp:3: includes output/detail/h5.hpp", "sim/batch.cpp:2: includes H5Cpp.h"]
        if len(bad) != 2 or not all(any(b.startswith(w) for b in bad) for w in want):
            fail("planted header offences not named with file and line:\n  " + "\n  ".join(bad))

        hdf5 = next(iter(hdf5_dirs), "/usr/include/hdf5/serial")
        entries = [{"file": str(t / "cli" / "main.cpp"), "command": f"c++ -I{t} -isystem {hdf5} -c x"},
                   {"file": str(t / "output" / "file.cpp"), "command": f"c++ -isystem {hdf5} -c x"}]
        bad, _ = compile_offences(t, entries, hdf5_dirs)
        if len(bad) != 1 or not bad[0].startswith("cli/main.cpp"):
            fail(f"a command-line file compiled with HDF5's headers was not refused: {bad}")

    facts = read_facts(f"quasim_core.LINK_LIBRARIES=TBB::tbb;quasim_hdf5\n"
                       f"quasim_output.INTERFACE_INCLUDE_DIRECTORIES=/src;{hdf5}\n"
                       f"quasim_output.LINK_LIBRARIES=quasim_core;quasim_hdf5\n")
    bad = list(target_offences(facts, hdf5_dirs))
    if len(bad) != 2:
        fail(f"planted target leaks not refused: {bad}")


def main():
    root = pathlib.Path(sys.argv[1])
    hdf5_dirs = {d.rstrip("/") for d in sys.argv[4].split(";") if d}
    if not hdf5_dirs:
        fail("no HDF5 include directory given")
    check_real_tree(root, sys.argv[2], sys.argv[3], hdf5_dirs)
    check_planted_offences_are_found(hdf5_dirs)
    print("hdf5 boundary ok")


if __name__ == "__main__":
    main()
