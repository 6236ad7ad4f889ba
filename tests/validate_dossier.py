#!/usr/bin/python3
"""Validates dossier files against docs/dossier.schema.json with Debian's python3-jsonschema.

usage: validate_dossier.py SCHEMA (truth|dossier) FILE...
In truth mode, Field leaves are replaced by plain values, as truth.json files carry them.
Also proves the schema can fail: each truth file, broken in known ways, must be rejected.
"""
import copy
import json
import sys

import jsonschema


def schema_for(path, mode):
    schema = json.load(open(path, encoding="utf-8"))
    if mode == "truth":
        defs = schema["$defs"]
        for name in [n for n in defs if n.startswith("t_")]:
            defs[name] = {"$ref": "#/$defs/v_" + name[2:]}
    return schema


def breakages(doc):
    """Copies of a valid truth dossier, each with one contract violation."""
    cert = next(i for i, d in enumerate(doc["documents"]) if d["type"] == "land_certificate")
    card = next(i for i, d in enumerate(doc["documents"]) if d["type"] == "id_card")
    def broken(f):
        b = copy.deepcopy(doc)
        f(b)
        return b
    yield "no mrz", broken(lambda b: b["documents"][card]["fields"].pop("mrz"))
    yield "short id", broken(lambda b: b["documents"][card]["fields"].__setitem__("id_number", "12345"))
    yield "date not ISO", broken(lambda b: b["documents"][cert]["fields"].__setitem__("issue_date", "05/10/2016"))
    yield "unknown field", broken(lambda b: b["documents"][cert]["fields"].__setitem__("colour", "red"))
    yield "bad type", broken(lambda b: b["documents"][cert].__setitem__("type", "deed"))
    yield "wrong schema", broken(lambda b: b.__setitem__("schema", "sohoa.dossier/0"))


def main():
    schema_path, mode, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    validator = jsonschema.Draft202012Validator(schema_for(schema_path, mode))
    jsonschema.Draft202012Validator.check_schema(validator.schema)
    passed = failed = 0
    for f in files:
        doc = json.load(open(f, encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            failed += 1
            for e in errors[:5]:
                print(f"FAIL {f}: {'/'.join(map(str, e.path))}: {e.message}")
        else:
            passed += 1
        if mode == "truth":
            for what, b in breakages(doc):
                if validator.is_valid(b):
                    failed += 1
                    print(f"FAIL {f}: schema accepted a dossier with {what}")
                else:
                    passed += 1
    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
