"""User-facing message templates for error codes, in English (the msgids of the catalogue).

Each template says what is wrong and what to do about it. Placeholders are ``{name}`` and are
filled from ``DomainError.params``; ``{field}`` comes from ``DomainError.field`` when the params
do not carry it. ``counter_app.i18n.error_message`` translates and formats them.

Adding a code: add the English template here and its translation to ``resources/i18n/vi.po``;
``tests/unit/test_i18n.py`` fails until both exist.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- generic ------------------------------------------------------------------------------
    "invalid_input": "The value of {field} is not valid. Check it and enter it again.",
    "missing_field": "The field “{field}” is required but is empty. Fill it in and try again.",
    "invalid_id_number": (
        "The ID number “{value}” is not valid. Enter the 12-digit citizen ID number or the "
        "9-digit old ID card number, digits only."
    ),
    "invalid_phone": (
        "The phone number “{value}” is not valid. Enter a Vietnamese number of 10 digits "
        "starting with 0 (for example 0912345678), or starting with +84."
    ),
    "not_found": "What you asked for was not found. Check what you typed and try again.",
    "conflict": "This cannot be done in the current state of the data. Reload and check before trying again.",
    "busy": "The store is busy. Nothing was changed; wait a moment and try again.",
    "damaged": (
        "Stored data is damaged. Do not delete anything; run “counter-app doctor” and contact "
        "technical support."
    ),
    "environment": (
        "The computer prevented the operation (disk, folder or permissions). Nothing was lost; "
        "fix the cause and try again."
    ),
    "cancelled": "The work was cancelled. Nothing half-done was kept; start it again when ready.",
    # --- dossiers and their life cycle ---------------------------------------------------------
    "illegal_transition": (
        "A dossier cannot go from status “{from_status}” to “{to_status}”. Reload the dossier "
        "to see its current status and choose an action allowed from it."
    ),
    "dossier_not_found": (
        "No dossier matches “{query}”. Check the dossier code or the search text and try again."
    ),
    "procedure_not_found": (
        "There is no procedure with code “{procedure_code}” in the catalogue. Check the code, or "
        "update the procedure catalogue."
    ),
    "invalid_received_time": (
        "The received time “{value}” is not valid. Enter a correct date and time and try again."
    ),
    "invalid_processing_time": (
        "The processing time “{value}” is not valid. Enter a whole number of working days or "
        "working hours (zero or more), or choose same-day processing."
    ),
    "apology_already_given": (
        "An apology letter has already been issued for this dossier. Open the dossier to view "
        "or reprint the existing letter instead of issuing a new one."
    ),
    "apology_date_not_later": (
        "The new return date must be later than the current appointment date. Choose a later date."
    ),
    "already_paused": (
        "This dossier is already paused. Resume it first if you need to pause it again."
    ),
    "not_paused": (
        "This dossier is not paused, so it cannot be resumed. Reload the dossier to check its "
        "current status."
    ),
    "daily_sequence_exhausted": (
        "All dossier numbers for {day} have been used, so no more dossiers can be numbered that "
        "day. Contact technical support."
    ),
    "clock_went_backwards": (
        "The computer's clock is earlier than the last recorded time ({last_issued_at}). "
        "Correct the computer's date and time, then try again."
    ),
    "invalid_dossier_code": (
        "“{value}” is not a valid dossier code. Enter it exactly as printed on the receipt, for "
        "example 000.00.06.H56-231027-0361."
    ),
    "invalid_email": (
        "The e-mail address “{value}” is not valid. Correct it (for example name@example.com) or "
        "leave it empty."
    ),
    "invalid_fee": "A fee amount is negative. Enter each fee in đồng, as zero or more.",
    "invalid_quantity": (
        "The quantity in {field} is not valid. Enter a whole number that is not negative (at "
        "least 1 for the number of sets)."
    ),
    "unknown_document_item": (
        "The document “{item}” is not in this procedure's list of documents. Choose documents "
        "from the procedure's list."
    ),
    "unrecognised_number": (
        "The number entered is not a dossier code, an ID number or a phone number. Check it, or "
        "search by name instead."
    ),
    "no_appointment": (
        "Dossier {dossier_code} has no appointment date, so no apology letter can be issued for "
        "it. Check the dossier's status."
    ),
    "invalid_rating": (
        "The rating “{value}” is not valid. Choose one of the scores offered on the screen."
    ),
    "rating_already_given": (
        "Dossier {dossier_code} has already been rated. A dossier can be rated only once; nothing "
        "more needs to be done."
    ),
    "supplement_before_pause": (
        "The supplement received time {value} is before the dossier was paused ({paused_at}). "
        "Enter a time after the pause."
    ),
    "pause_before_receipt": (
        "The pause time {value} is before the dossier was received. Enter a time after the "
        "receipt time."
    ),
    "extension_not_allowed": (
        "Only same-day procedures can be extended this way. For other procedures, issue an "
        "apology letter with a new return date instead."
    ),
    "extension_already_applied": (
        "This dossier has already been extended by {working_days} working days. An extension "
        "can be applied only once."
    ),
    "invalid_extension": (
        "An extension of {value} working days is not allowed. Enter a number of working days "
        "from 1 to {max}."
    ),
    "negative_minutes": ("A duration of {value} minutes is not valid. Enter zero or more minutes."),
    "unknown_time_unit": (
        "The processing-time unit “{unit}” is not known. Update the procedure catalogue or the "
        "application."
    ),
    "concurrent_modification": (
        "This dossier was changed by someone else at the same time. Reload it and make your "
        "change again."
    ),
    "demo_already_loaded": (
        "The demo data has already been loaded. Use the existing demo dossiers, or start from a "
        "new, empty database to load it again."
    ),
    # --- rules and calendar --------------------------------------------------------------------
    "unknown_rule_set": (
        "The rule set “{rule_set}” is not known to this version of the application. Set "
        "office.rule_set in settings.toml to one of: {known}; or update the application."
    ),
    "calendar_file_not_found": (
        "The calendar overrides file {path} was not found. Correct "
        "office.calendar_overrides_file in settings.toml, or leave it empty to use the built-in "
        "holiday calendar."
    ),
    "invalid_calendar_file": (
        "The calendar overrides file has an invalid entry at {field}: {detail}. Correct that "
        "entry in the file, then restart the application."
    ),
    "calendar_file_unreadable": (
        "The calendar overrides file {path} cannot be read ({detail}). Check that the file "
        "exists and can be opened, then try again."
    ),
    "no_working_day_found": (
        "No working day was found within {days} days after {start}. Check the calendar overrides "
        "file: it may declare too many days off."
    ),
    "office_hours_empty": (
        "No office hours are set for any working day. Add opening periods under [office.hours] "
        "in settings.toml, then restart the application."
    ),
    "office_periods_overlap": (
        "The office-hours periods {value} overlap. Correct office.hours in settings.toml so that "
        "each period ends before the next one starts."
    ),
    "cutoff_outside_office_day": (
        "The cutoff time {value} is outside the office day. Set office.cutoff in settings.toml to "
        "a time after the first opening and no later than the last closing, for example 15:00."
    ),
    "invalid_minutes_per_day": (
        "{value} minutes is not a valid length for a working day. Set "
        "office.minutes_per_working_day in settings.toml to a number from 1 to 1440 (480 for 8 "
        "hours)."
    ),
    "weekday_without_periods": (
        "{field} has no office periods. Monday to Friday are working days by law and need office "
        "hours: give that weekday its periods in settings.toml, for example "
        '["07:00-11:30", "13:30-17:00"].'
    ),
    "minutes_per_day_mismatch": (
        "{field} is {value} minutes, but the periods {periods} last {total} minutes. Set "
        "office.minutes_per_working_day to 0 (the length of the office's own day) or correct "
        "the periods in settings.toml."
    ),
    "seasons_overlap": (
        "The seasonal office hours “{value}” ({field}) overlap another season. Make the date "
        "ranges (start, end) of the seasons in settings.toml disjoint."
    ),
    "invalid_season": (
        "The season date {value} ({field}) is not a day of the year. Write it as MM-DD, for "
        "example 10-15."
    ),
    "invalid_calendar_data": (
        "The official calendar data has an invalid entry at {field} (“{value}”: {reason}). Ask "
        "the centre for a corrected calendar file; until then remove that file from the "
        "calendar folder."
    ),
    "invalid_weekday": ("The weekday “{value}” is not valid. Use a weekday from Monday to Sunday."),
    "invalid_office_period": (
        "The office-hours period “{value}” is not valid. Write it as HH:MM-HH:MM with the start "
        "before the end, for example 07:00-11:30."
    ),
    # --- store, device, audit ------------------------------------------------------------------
    "invalid_agency_code": (
        "The agency code “{value}” is not valid. Write it as in the national catalogue, for "
        "example 000.00.06.H56."
    ),
    "catalogue_not_found": (
        "The procedure catalogue {path} was not found. Restore the catalogue file or reinstall "
        "the application."
    ),
    "invalid_catalogue": (
        "The procedure catalogue is invalid at {field} ({detail}). Replace it with a correct "
        "catalogue file."
    ),
    "data_dir_unusable": (
        "The data folder {path} cannot be used ({detail}). Check that it exists and that you may "
        "write to it, or choose another data folder."
    ),
    "device_already_registered": (
        "This computer is already registered as device “{device}”. Keep using that "
        "registration; a computer is registered only once."
    ),
    "sequence_block_taken": (
        "The dossier numbers {first}–{last} are already assigned to device “{device}”. Choose "
        "another device slot."
    ),
    "invalid_device_slot": (
        "Device slot {slot} does not exist; there are {slots} slots, numbered from 0. Choose one "
        "of them."
    ),
    "invalid_sequence_block": (
        "The block of dossier numbers {first}–{last} is not valid. Choose a block within "
        "0001–9999 whose first number is not after its last."
    ),
    "store_busy": (
        "The database at {path} is busy with another task (another counter, a backup or a "
        "check). Nothing was lost: wait a moment and try again."
    ),
    "dossier_code_taken": (
        "The dossier code just issued already exists in this database, so the dossier was not "
        "saved. Check this computer's date and its counter slot with the administrator."
    ),
    "backup_target_unwritable": (
        "The backup could not be written to {path} ({detail}). Choose a folder you can write "
        "to, with enough free space, and try again."
    ),
    "apology_not_allowed": (
        "An apology letter with a new date can only be issued for a dossier still being "
        "processed; dossier {dossier_code} is not. Check its status."
    ),
    "rating_not_allowed": (
        "Dossier {dossier_code} can be rated only after its result has been returned. Rate it "
        "when the result is handed over."
    ),
    "device_not_registered": (
        "This computer is not registered as a counter of agency {agency}, so it cannot issue "
        "dossier codes. Ask the administrator for this counter's slot and run "
        "“counter-app init --device-slot K”."
    ),
    "store_not_initialised": (
        "No database was found at {path}. Create it with “counter-app init” (the first-time "
        "setup), or check that the data folder is correct."
    ),
    "store_damaged": (
        "The database at {path} is damaged ({detail}). Stop working with it: restore the latest "
        "backup or contact technical support."
    ),
    "store_too_new": (
        "The database was written by a newer version of the application (schema {found}; this "
        "version supports up to {supported}). Install the newer version of the application; do "
        "not use this one with that database."
    ),
    "backup_target_exists": (
        "The backup file {path} already exists. Choose another file name or folder; existing "
        "backups are never overwritten."
    ),
    "audit_chain_broken": (
        "The audit log is broken at entry {seq} ({reason}), so records may have been altered. "
        "Stop working and contact technical support; do not change the database."
    ),
    # --- audit findings (audit verify, doctor): each names the dossier by its sealed code -------
    "audit_entries_missing": (
        "Audit entries before entry {seq} (dossier {dossier_code}) were deleted. Stop working "
        "and contact technical support; do not change the database."
    ),
    "audit_entries_reordered": (
        "Audit entry {seq} (dossier {dossier_code}) is out of order. Stop working and contact "
        "technical support; do not change the database."
    ),
    "audit_entry_unlinked": (
        "Audit entry {seq} (dossier {dossier_code}) does not follow from the entry before it. "
        "Stop working and contact technical support; do not change the database."
    ),
    "audit_entry_edited": (
        "Audit entry {seq} (dossier {dossier_code}) was changed after it was written. Stop "
        "working and contact technical support; do not change the database."
    ),
    "audit_head_missing": (
        "The audit log's head record is missing (after entry {seq}). Stop working and contact "
        "technical support; do not change the database."
    ),
    "audit_truncated": (
        "Audit entries after entry {seq} were cut off the end of the log (its head record "
        "says {head_seq}). Stop working and contact technical support; do not change the database."
    ),
    "audit_dossier_edited": (
        "Dossier {dossier_code} was changed outside the application after audit entry {seq}. "
        "Do not use its data; contact technical support."
    ),
    "audit_dossier_not_audited": (
        "Dossier {dossier_code} is in the database but no audit entry records it: it was added "
        "outside the application. Do not use it; contact technical support."
    ),
    "audit_dossier_columns_edited": (
        "Dossier {dossier_code}: the {columns} shown in searches differ from its sealed content "
        "(changed outside the application). Do not use its data; contact technical support."
    ),
    "audit_dossier_missing": (
        "Dossier {dossier_code}, recorded in audit entry {seq}, is missing from the database: it "
        "was deleted outside the application. Contact technical support."
    ),
    "audit_outbox_edited": (
        "The message to the central system for dossier {dossier_code} (audit entry {seq}) "
        "differs from what was sealed: it was changed outside the application. Do not "
        "synchronise; contact technical support."
    ),
    "audit_outbox_not_audited": (
        "A message to the central system for dossier {dossier_code} is not recorded in the "
        "audit log: it was added outside the application. Do not synchronise; contact "
        "technical support."
    ),
    "audit_outbox_missing": (
        "The message to the central system for dossier {dossier_code}, sealed in audit entry "
        "{seq}, is missing: it was deleted outside the application. Contact technical support."
    ),
    "audit_device_rewound": (
        "The dossier numbering of device “{device}” was set back behind dossier {dossier_code}, "
        "which it already issued: codes could be issued twice. Do not receive dossiers on this "
        "computer; contact technical support."
    ),
    # --- settings -----------------------------------------------------------------------------
    "settings_invalid_value": (
        "The setting {key} in settings.toml has an invalid value “{value}”: expected {expected}. "
        "Correct it in the settings file, then restart the application."
    ),
    # --- the whole life of a dossier (issue 6 §3) ----------------------------------------------
    "refusal_after_due": (
        "Dossier {dossier_code} can no longer be refused: the processing time ended at {due}. "
        "A refusal must fall within the processing time; return the result or issue an apology "
        "instead."
    ),
    "supplement_after_due": (
        "A supplement can no longer be requested for dossier {dossier_code}: the processing time "
        "ended at {due}. Supplements may be requested only within the processing time."
    ),
    "apology_after_due": (
        "The appointment of dossier {dossier_code} ({due}) has already passed. An apology with a "
        "new date must be issued before the appointment; report the late dossier to the "
        "supervisor."
    ),
    "fee_unpaid": (
        "Dossier {dossier_code} still has fees to collect after processing ({fees}). Collect them "
        "and record the receipt number before returning the result."
    ),
    "fee_already_paid": (
        "The fee “{fee}” of dossier {dossier_code} has already been collected. Nothing more needs "
        "to be done."
    ),
    "fee_not_paid": (
        "The fee “{fee}” of dossier {dossier_code} was never collected, so there is nothing to "
        "refund. Remove it from the refunds."
    ),
    "fee_collection_closed": (
        "Dossier {dossier_code} is closed, so no fee can be collected for it any more. Reload "
        "the dossier to check its status."
    ),
    "unknown_fee": (
        "The fee “{fee}” is not one of this dossier's fees. Choose a fee from the dossier's list."
    ),
    "invalid_refund": (
        "The refund for the fee “{fee}” is not valid. Enter a whole amount in đồng, more than "
        "zero and not more than the amount paid."
    ),
    "refund_already_recorded": (
        "A refund of the fee “{fee}” is already recorded for dossier {dossier_code}. Nothing more "
        "needs to be done."
    ),
    "invalid_postage": (
        "The postage is not valid. Enter the postal charge as a whole amount in đồng, zero or more."
    ),
    "invalid_authorisation": (
        "The authorisation's {field} is not valid. Enter the number of the authorisation "
        "document as written on it and a date that is not in the future."
    ),
    "tracking_number_taken": (
        "Entry {number} of the tracking book of {year} is already taken, so the dossier was not "
        "received. Nothing was saved; run “counter-app doctor” and contact technical support."
    ),
    "unknown_slip_set": "The slip set “{slip_set}” is unknown. Choose one of: {known}.",
    "settings_unknown_key": (
        "settings.toml contains an unknown setting {key}. Remove it or correct its spelling, "
        "then restart the application."
    ),
    "settings_parse_error": (
        "The settings file {path} cannot be read ({detail}). Fix the file, or delete it to go "
        "back to the default settings, then restart the application."
    ),
    "settings_too_new": (
        "The settings file was written by a newer version of the application (schema_version "
        "{found}; this version supports {supported}). Update the application, or delete the "
        "file to go back to the default settings."
    ),
    # --- the counter window ---------------------------------------------------------------------
    "invalid_card_qr": (
        "The scanned citizen ID card code could not be read (it must have 6 or 7 parts separated "
        "by “|”). Nothing was changed; scan the card again or type the details by hand."
    ),
    "invalid_date": (
        "The date “{value}” in “{field}” is not valid. Type it as day/month/year, for example "
        "05/03/1990."
    ),
}

# Human labels for ``DomainError.field`` values, used for ``{field}``. A field without a label is
# shown as it is (dotted settings keys, for instance, are meant to be shown verbatim).
FIELD_LABELS: dict[str, str] = {
    "name": "name",
    "full_name": "full name",
    "id_number": "ID number",
    "phone": "phone number",
    "email": "e-mail address",
    "address": "address",
    "postal_address": "postal address",
    "procedure_code": "procedure code",
    "code": "dossier code",
    "query": "search text",
    "reason": "reason",
    "missing": "list of missing documents",
    "items": "documents received",
    "sets_count": "number of sets",
    "fees": "fees",
    "score": "rating",
    "new_due": "new return date",
    "received_at": "received time",
    "supplement_received_at": "supplement received time",
    "postage_vnd": "postage",
    "postal_tracking_no": "postal tracking number",
    "receipt_no": "fee receipt number",
    "fee": "fee",
    "refunds": "refunds",
    "submitter": "submitter",
    "authorisation": "authorisation",
    "authorisation.document_no": "authorisation document number",
    "authorisation.document_date": "authorisation date",
    "authorisation.relationship": "relationship to the applicant",
    "method": "payment method",
    "birth_date": "date of birth",
    "card_qr": "citizen ID card QR code",
    "to_agency": "processing agency",
}

# Params whose values are themselves English catalogue text (marked with ``N_`` where they are
# produced) and are translated before being put into a template. Other values are shown as is.
TRANSLATED_PARAMS: frozenset[str] = frozenset({"expected", "reason", "from_status", "to_status"})

# When a template needs one of these params and it is absent, the first present alternative is
# used instead (``invalid_calendar_file`` may carry ``detail`` or ``value``).
PARAM_ALTERNATIVES: dict[str, tuple[str, ...]] = {"detail": ("value", "reason")}
