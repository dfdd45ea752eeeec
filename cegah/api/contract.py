"""What the API contract check asks of schemathesis, shared by `scripts/api_contract.py` (against
a served build) and `cegah/api/tests/test_contract.py` (in process).

schemathesis is a development dependency: nothing here imports it.
"""

from __future__ import annotations

SEED = 20261206

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "response_schema_conformance",
    "content_type_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
)
# schemathesis' other checks, off: they test what this contract does not promise (Allow
# headers, stateful sequences that need links the document does not have, …).
OTHER_CHECKS = (
    "response_headers_conformance",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
    "object_level_authorization",
)

# Operations whose valid requests also depend on stored data, on today's date or on two fields
# together, which no schema can say: a region code that does not exist, a date in the future,
# a range whose start is after its end or longer than allowed, a day twice in a list, a file
# whose rows are wrong.
# They answer those with a declared 422, so positive_data_acceptance ("every schema-valid
# request is accepted") is off for them; every other check holds.
STATE_DEPENDENT = (
    "cegah_complaints_api_create_complaint",
    "cegah_gratification_api_create_assessment",
    "cegah_search_api_search_site",
    "cegah_reach_api_get_account",
    "cegah_reach_api_save_days",
    "cegah_reach_api_import_days",
    "cegah_campaigns_api_import_participants",
    # forum: unknown region/agency codes (422), the poster's posting limit (429), thread and
    # post ids that do not exist (404), a second flag by the same person (409), official
    # answers by people who are not staff of the agency concerned (403).
    "cegah_forum_api_create_thread",
    "cegah_forum_api_create_reply",
    "cegah_forum_api_create_flag",
    # offices: a file whose rows are wrong, or that is no CSV or XLSX at all (422).
    "cegah_offices_api_import_offices",
)


def schemathesis_toml() -> str:
    """The schemathesis configuration file of the check (the CLI's `--checks` would override
    the per-operation setting, hence a file)."""
    lines = ["[checks]"]
    lines += [f"{name}.enabled = true" for name in CHECKS]
    lines += [f"{name}.enabled = false" for name in OTHER_CHECKS]
    ids = ", ".join(f'"{operation_id}"' for operation_id in STATE_DEPENDENT)
    lines += [
        "",
        "[[operations]]",
        f"include-operation-id = [{ids}]",
        "checks.positive_data_acceptance.enabled = false",
    ]
    return "\n".join(lines) + "\n"
