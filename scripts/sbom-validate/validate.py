#!/usr/bin/env python3
"""Validates SBOM files with the official validators.

    validate.py FILE...

Each file's format is read from its content:
- CycloneDX (`"bomFormat": "CycloneDX"`): cyclonedx-python-lib's JsonStrictValidator for the file's
  specVersion (1.6 expected), then a full deserialization into the library's model (which rejects, e.g.,
  duplicate bom-refs and unknown license ids), then every purl parsed by packageurl-python.
- SPDX (`"spdxVersion"`): spdx-tools' JSON parser and validate_full_spdx_document for the file's version,
  every purl external reference parsed by packageurl-python, and a check that the parser understood every
  field (the parser silently ignores unknown keys, so the document is written back with spdx-tools and any
  key of the input missing from the output is reported).

Prints one line per problem, `FILE: PROBLEM`, and `FILE: valid FORMAT VERSION` for a valid file.
Exit status: 0 when every file is valid, 1 when any is not, 2 on bad usage or an unreadable file.
Run it with the venv of scripts/python-venv.sh.
"""

import json
import os
import sys
import tempfile


def walk_keys(value, prefix=""):
    """Every key path of a JSON value, list indices collapsed to []."""
    paths = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}"
            paths.add(path)
            paths |= walk_keys(inner, path)
    elif isinstance(value, list):
        for inner in value:
            paths |= walk_keys(inner, prefix + "[]")
    return paths


def purl_problems(purls):
    from packageurl import PackageURL

    problems = []
    for purl in purls:
        try:
            PackageURL.from_string(purl)
        except ValueError as error:
            problems.append(f"purl {purl!r} does not parse: {error}")
    return problems


def validate_cyclonedx(text, document):
    from cyclonedx.model.bom import Bom
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    version = document.get("specVersion", "")
    schema = getattr(SchemaVersion, "V" + version.replace(".", "_"), None)
    if schema is None:
        return [f"unsupported CycloneDX specVersion {version!r}"], "?"
    errors = JsonStrictValidator(schema).validate_str(text, all_errors=True)
    problems = [f"schema: {error}" for error in (errors or [])]
    if not problems:
        try:
            Bom.from_json(document)  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001 - report whatever the model refuses
            problems.append(f"cyclonedx-python-lib model: {type(error).__name__}: {error}")
    components = list(document.get("components", []))
    root = document.get("metadata", {}).get("component")
    if root:
        components.append(root)
    problems += purl_problems([c["purl"] for c in components if "purl" in c])
    return problems, version


def validate_spdx(path, document):
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
    from spdx_tools.spdx.writer.write_anything import write_file

    version = document.get("spdxVersion", "")
    try:
        parsed = parse_file(path)
    except SPDXParsingError as error:
        return [f"parse: {message}" for message in error.get_messages()], version
    problems = [f"validation: {message.validation_message}" for message in validate_full_spdx_document(parsed, version)]
    purls = [
        ref.get("referenceLocator", "")
        for package in document.get("packages", [])
        for ref in package.get("externalRefs", [])
        if ref.get("referenceType") == "purl"
    ]
    problems += purl_problems(purls)
    with tempfile.TemporaryDirectory() as scratch:
        written = os.path.join(scratch, "roundtrip.spdx.json")
        write_file(parsed, written, validate=False)
        with open(written, encoding="utf-8") as handle:
            understood = walk_keys(json.load(handle))
    ignored = sorted(walk_keys(document) - understood)
    problems += [f"field not understood by spdx-tools (misspelt or misplaced?): {key}" for key in ignored]
    return problems, version


def main(arguments):
    if not arguments or any(argument.startswith("-") for argument in arguments):
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in arguments:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            document = json.loads(text)
        except (OSError, ValueError) as error:
            print(f"{path}: cannot read JSON: {error}")
            return 2
        if document.get("bomFormat") == "CycloneDX":
            problems, version = validate_cyclonedx(text, document)
            kind = "CycloneDX"
        elif "spdxVersion" in document:
            problems, version = validate_spdx(path, document)
            kind = "SPDX"
        else:
            problems, version, kind = ["neither CycloneDX (bomFormat) nor SPDX (spdxVersion)"], "", "unknown"
        for problem in problems:
            print(f"{path}: {problem}")
        if problems:
            status = 1
        else:
            print(f"{path}: valid {kind} {version}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
