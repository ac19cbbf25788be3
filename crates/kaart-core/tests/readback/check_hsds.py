"""Checks a Kaartbeheer HSDS export against Open Referral HSDS 3.0, written
from the published specification (schema/*.json of openreferral/specification
at tag v3.0), not from the exporter's code: the required fields of each
object, the types, UUID identifiers (unique within the file), the
enumerations, `assured_date` as a date, and that every `*_id` reference
points at an object in the file (or at the organisation).

Usage: check_hsds.py FILE. Prints a JSON summary (ids and counts per object
type, the services' assured dates) on success; exits 1 with every problem
found on stderr otherwise.
"""

import datetime
import json
import re
import sys
import uuid

# Required fields per HSDS 3.0 object (the schema files' "required").
REQUIRED = {
    "organization": ["id", "name", "description"],
    "service": ["id", "name", "status"],
    "contact": ["id"],
    "phone": ["id", "number"],
    "location": ["id", "location_type"],
    "address": ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    "schedule": ["id"],
    "organization_identifier": ["id", "identifier_type", "identifier"],
    "service_at_location": ["id"],
    "attribute": ["id"],
    "metadata": [
        "id",
        "last_action_date",
        "last_action_type",
        "field_name",
        "previous_value",
        "replacement_value",
        "updated_by",
    ],
}

ENUMS = {
    ("service", "status"): {"active", "inactive", "defunct", "temporarily closed"},
    ("location", "location_type"): {"physical", "postal", "virtual"},
    ("address", "address_type"): {"physical", "postal", "virtual"},
}

# Which nested arrays hold which object type.
NESTED = {
    "organization": {
        "services": "service",
        "contacts": "contact",
        "phones": "phone",
        "locations": "location",
        "organization_identifiers": "organization_identifier",
        "attributes": "attribute",
        "metadata": "metadata",
    },
    "service": {
        "contacts": "contact",
        "phones": "phone",
        "schedules": "schedule",
        "service_at_locations": "service_at_location",
        "attributes": "attribute",
        "metadata": "metadata",
    },
    "contact": {"phones": "phone", "attributes": "attribute", "metadata": "metadata"},
    "location": {
        "addresses": "address",
        "phones": "phone",
        "contacts": "contact",
        "schedules": "schedule",
        "attributes": "attribute",
        "metadata": "metadata",
    },
    "phone": {"attributes": "attribute", "metadata": "metadata"},
    "address": {"attributes": "attribute", "metadata": "metadata"},
    "schedule": {"attributes": "attribute", "metadata": "metadata"},
    "organization_identifier": {"attributes": "attribute", "metadata": "metadata"},
    "service_at_location": {"attributes": "attribute", "metadata": "metadata"},
    "attribute": {"metadata": "metadata"},
    "metadata": {},
}

NUMBERS = {"year_incorporated", "minimum_age", "maximum_age", "extension", "latitude", "longitude", "timezone", "count", "interval"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

problems = []
seen = {}  # type -> list of ids


def is_uuid(value):
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def check(obj, kind, where):
    if not isinstance(obj, dict):
        problems.append(f"{where}: a {kind} must be an object")
        return
    for field in REQUIRED[kind]:
        if field not in obj or obj[field] is None:
            problems.append(f"{where}: {kind} lacks required '{field}'")
    for field, value in obj.items():
        at = f"{where}.{field}"
        if field in NESTED[kind]:
            if not isinstance(value, list):
                problems.append(f"{at}: must be an array")
                continue
            for i, child in enumerate(value):
                check(child, NESTED[kind][field], f"{at}[{i}]")
        elif field == "id" or field.endswith("_id"):
            if not is_uuid(value):
                problems.append(f"{at}: not a UUID: {value!r}")
        elif field in NUMBERS:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                problems.append(f"{at}: must be a number")
        elif not isinstance(value, str):
            problems.append(f"{at}: must be a string, is {type(value).__name__}")
        elif (kind, field) in ENUMS and value not in ENUMS[(kind, field)]:
            problems.append(f"{at}: {value!r} is not one of {sorted(ENUMS[(kind, field)])}")
        elif field == "assured_date" or (kind == "schedule" and field in ("valid_from", "valid_to")):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                problems.append(f"{at}: not a date (YYYY-MM-DD): {value!r}")
        elif field in ("email", "assurer_email") and not EMAIL.match(value):
            problems.append(f"{at}: not an e-mail address")
        elif field in ("website", "url") and not re.match(r"^[a-z][a-z0-9+.-]*:", value):
            problems.append(f"{at}: not a URI")
    if "id" in obj:
        seen.setdefault(kind, []).append(obj["id"])


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    check(doc, "organization", "organization")
    every_id = set()
    for kind, ids in seen.items():
        # A contact person is named again under each offering with an id of
        # its own, so ids are unique across the whole file.
        for i in ids:
            if i in every_id:
                problems.append(f"{kind} id {i} is used twice")
            every_id.add(i)

    # References point at something in the file.
    def refs(obj):
        if isinstance(obj, dict):
            for field, value in obj.items():
                if field.endswith("_id") and field not in ("taxonomy_term_id", "link_id", "resource_id") and value not in every_id:
                    problems.append(f"{field} {value} points at nothing in the file")
                refs(value)
        elif isinstance(obj, list):
            for v in obj:
                refs(v)

    refs(doc)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(
        json.dumps(
            {
                "ids": seen,
                "assured": {s["id"]: s.get("assured_date") for s in doc.get("services", [])},
            }
        )
    )


main()
