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
        "Correct the computer's date and time, then try again. If that recorded time was itself "
        "wrong (the clock had been set ahead), a supervisor moves this computer to a fresh slot: "
        "“counter-app device move-slot”."
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
        "The calendar overrides file {path} named in {origin} was not found. Check the file "
        "name, or leave it out to use the built-in holiday calendar."
    ),
    "invalid_calendar_file": (
        "The calendar overrides file named in {origin} has an invalid entry at {field}: "
        "{detail}. Correct that entry in the file, then try again."
    ),
    "calendar_file_unreadable": (
        "The calendar overrides file {path} named in {origin} cannot be read ({detail}). Check "
        "that you may open it, then try again."
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
    "invalid_seed_file": (
        "The central server's seed file {path} cannot be read as a JSON object. Correct the file "
        "and seed again."
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
        "Device slot {slot} does not exist; there are {slots} slots, numbered from 0, and slot 0 "
        "is reserved. Choose one of the others."
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
        "The database at {path} is damaged ({detail}). Stop working with it and do not delete, "
        "move or overwrite it; contact technical support, who will save what can still be read "
        "before restoring anything (a backup alone lacks the dossiers received since it was made)."
    ),
    "stored_record_damaged": (
        "Stored data (table {record}) is damaged: the value at {where} does not have the expected "
        "form. Do not delete anything; run “counter-app audit verify” and contact technical "
        "support."
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
        "The settings file {path} cannot be read ({detail}). Fix the file, or put back the "
        "office's copy, then restart the application."
    ),
    "settings_too_new": (
        "The settings file was written by a newer version of the application (schema_version "
        "{found}; this version supports {supported}). Update the application, or put back the "
        "settings file this version wrote."
    ),
    # --- typed errors: the machine, the store's identity, the demo, wrong input ------------------
    "domain_error": "The operation was refused. Check what you entered and try again.",
    "invalid_argument_encoding": (
        "An argument on the command line is not valid UTF-8 text. Type it again (check the "
        "terminal's encoding), or pass a name the system can show."
    ),
    "calendar_file_not_regular": (
        "{path} named in {origin} is not an ordinary file (a folder, a device or a pipe). Name "
        "a JSON file with the days off and working days."
    ),
    "calendar_file_too_large": (
        "The calendar overrides file {path} named in {origin} is larger than {limit} bytes, so "
        "it cannot be an overrides file. Name the right file."
    ),
    "settings_missing": (
        "The settings file {path} is missing, but the database next to it exists. Put the "
        "office's settings.toml back (from a backup or the administrator); the application does "
        "not guess which agency the database belongs to."
    ),
    "store_agency_mismatch": (
        "The database belongs to agency {store_agency}, but settings.toml says {settings_agency}. "
        "Correct office.agency_code in settings.toml, or choose the data folder of agency "
        "{settings_agency}."
    ),
    "store_needs_upgrade": (
        "The database at {path} has an older structure (schema {found}; this version uses "
        "{supported}). Run “counter-app init” once to upgrade it, then try again."
    ),
    "store_disk_full": (
        "The disk holding {path} is full, so nothing more could be saved; what was saved "
        "before is intact. Free some space on that disk, then try again; do not restore a "
        "backup."
    ),
    "store_read_only": (
        "{path} or its folder is read-only (a write-protected disk, a read-only folder or "
        "file), so the data folder cannot be used; the data in it is intact. Copy the data "
        "folder to a place you can write to, or ask the administrator to allow writing; do not "
        "restore a backup."
    ),
    "store_permission_denied": (
        "This user account may not open {path} or write in its folder. Log in with the "
        "account that owns the data folder, or ask the administrator to give this account "
        "access; the data is intact, do not restore a backup."
    ),
    "store_path_is_folder": (
        "{path} is a folder, not a database file. Choose the right data folder (“--data-dir”) "
        "or move that folder away; nothing was changed."
    ),
    "store_cannot_open": (
        "The database {path} could not be opened ({detail}). Check the disk and the folder, "
        "then try again; the data in it is intact, do not restore a backup."
    ),
    "store_io_error": (
        "Reading or writing the database {path} failed ({detail}): the disk may have been "
        "removed or be failing. Check the disk and its cable, then try again; do not restore a "
        "backup before technical support has checked the disk."
    ),
    "demo_already_running": (
        "The demo office is already being loaded in {path} by another process. Wait for it to "
        "finish, then run the command again."
    ),
    "demo_needs_own_folder": (
        "The database at {path} is not a demo database, so the demo will not write into it. "
        "Load the demo into a data folder of its own, e.g. “counter-app --data-dir DEMO-FOLDER "
        "demo”."
    ),
    "store_not_regular_file": (
        "{path} is not an ordinary file (a device, a pipe, or a link to one), so it cannot be "
        "the database. Choose the right data folder, or move that entry away; nothing was "
        "changed."
    ),
    "output_unwritable": (
        "The command's output could not be written ({detail}). Check where the output goes (a "
        "full disk, a closed terminal), then run the command again to see it; what the command "
        "did is kept."
    ),
    "store_not_real": (
        "The database at {path} is a demo database (or has not been set up with “counter-app "
        "init”), so it is never synchronised. Use the office's real data folder."
    ),
    # --- sync with the central system -----------------------------------------------------
    "central_unreachable": (
        "The central system at {server} cannot be reached ({detail}). Nothing was lost: the work "
        "stays queued on this computer and is sent on its own when the link returns."
    ),
    "central_unavailable": (
        "The central system at {server} is busy or unavailable (HTTP {status}). Nothing was lost: "
        "the work stays queued on this computer and is sent on its own later."
    ),
    "central_reply_invalid": (
        "The central system at {server} sent a reply this program does not understand "
        "({detail}). Nothing was lost. Check the server address; if it is right, tell technical "
        "support."
    ),
    "central_reference_invalid": (
        "The central system at {server} sent {kind} reference data this program cannot use "
        "(item {item}, field {field}). Nothing of it was applied; the data already on this "
        "computer is kept. Tell technical support."
    ),
    "central_calendar_unwritable": (
        "The official calendar sent by the central system could not be saved as {path} "
        "({detail}). Nothing of it was applied. Check the free disk space and that this program "
        "may write in its data folder, then synchronise again."
    ),
    "central_clock_skew": (
        "This computer's clock is {skew_min} minutes off the central system's clock (at most 5 "
        "minutes are allowed), so nothing was sent; nothing was lost. Set this computer's date, "
        "time and time zone correctly, then synchronise again."
    ),
    "central_agency_mismatch": (
        "The central system at {server} does not serve agency {store_agency} (it serves: "
        "{server_agencies}), so nothing was sent. Check the server address and the agency code "
        "of this counter."
    ),
    "central_device_unknown": (
        "The central system does not recognise this counter (device {device_id}) or has retired "
        "its slot, so nothing was sent; nothing was lost on this computer. A supervisor must "
        "register this counter again with “counter-app register”."
    ),
    "central_sign_in_refused": (
        "The central system refused the user name or password of “{username}”. Check them and "
        "try again."
    ),
    "central_refused": (
        "The central system refused the request (reason code: {server_code}). Nothing was lost "
        "on this computer. Check who is signed in and the server address; if it happens again, "
        "tell technical support."
    ),
    "central_chain_diverged": (
        "The central system holds another history of this counter's audit log than the one on "
        "this computer (the log was rewritten, or a store from elsewhere is in use), so nothing "
        "was sent; nothing was lost. Run “counter-app audit verify” and contact technical support."
    ),
    "online_dossier_not_waiting": (
        "No online dossier waits for this counter under the code {code} (never submitted for "
        "this agency, or accepted or answered already). Check the code in the list of online "
        "dossiers waiting (synchronise first to bring the latest)."
    ),
    "sync_not_registered": (
        "This counter has not joined a central system yet, so nothing is synchronised. A "
        "supervisor runs “counter-app register --server URL --agency ID --device NAME”."
    ),
    "sync_already_registered": (
        "This counter is already registered with the central system at {server} (device "
        "{device_id}). Nothing was changed."
    ),
    "device_secret_missing": (
        "The device secret of this counter is missing from the system keyring, so it cannot "
        "sign in to the central system. Nothing was lost; a supervisor must register this "
        "counter again with “counter-app register”."
    ),
    "keyring_unavailable": (
        "The system keyring, where passwords and device secrets are kept, cannot be used "
        "({detail}). Start the keyring service of the desktop session and try again."
    ),
    "invalid_server_url": (
        "“{value}” is not a server address. Write it in full, for example "
        "https://motcua.example.gov.vn."
    ),
    # --- slips and printing ---------------------------------------------------------------
    "slip_not_applicable": (
        "The slip “{slip}” does not apply to dossier {dossier_code} in its current status "
        "({status}). Choose a slip that fits the dossier's status."
    ),
    "reprint_not_allowed": (
        "Only a supervisor may reprint a slip; “{username}” is not one. Ask the head of the office "
        "to reprint it."
    ),
    "slip_never_issued": (
        "The slip “{slip}” was never issued for this dossier, so it cannot be reprinted. Print it "
        "normally first."
    ),
    "staff_not_found": (
        "There is no active staff member with the username “{username}”. Check the username."
    ),
    "reprint_not_applicable": (
        "The slip “{slip}” is not kept with a dossier and cannot be reprinted; print it again "
        "normally."
    ),
    "invalid_period": (
        "The period ends ({end}) before it starts ({start}). Check the --from and --to dates."
    ),
    "thermal_receipt_only": (
        "The 80 mm thermal layout exists for the receipt only. Remove --thermal for this slip."
    ),
    "font_missing": (
        "The font file {path} is missing or unreadable, so slips cannot be printed with Vietnamese "
        "text. Reinstall the application."
    ),
    "slip_not_saved": (
        "The slip could not be saved in {path} ({detail}). Nothing was recorded; free disk space "
        "or fix the folder's permissions and try again."
    ),
    "slip_file_damaged": (
        "The stored slip {path} does not match its recorded content hash. Do not delete it; "
        "contact technical support."
    ),
    "printer_not_found": (
        "There is no printer named “{printer}”. Check the printer's name (lpstat -p lists them)."
    ),
    "printer_offline": (
        "The printer “{printer}” is stopped or offline. Nothing was printed or recorded; turn it "
        "on, check paper and cable, then try again."
    ),
    "printer_rejecting": (
        "The printer “{printer}” is not accepting jobs. Nothing was printed or recorded; ask the "
        "administrator to enable it, or choose another printer."
    ),
    "print_system_unavailable": (
        "The printing system is not available ({detail}). Nothing was printed or recorded; start "
        "the print service or save the slip as PDF with --out."
    ),
    "print_job_failed": (
        "The printer “{printer}” refused the job ({detail}). Nothing was recorded; check the "
        "printer and try again."
    ),
    "no_default_printer": ("No default printer is set. Name the printer with --printer."),
    "invalid_copies": "“{value}” is not a number of copies from 1 to 99. Enter a whole number in that range.",
    "output_not_written": (
        "The file {path} could not be written ({detail}). Choose another folder and try again."
    ),
    "printer_unavailable": (
        "Printing to “{printer}” is not available on this computer. Save the slip with --out "
        "instead."
    ),
    # --- dossier codes: slots, rewound stores, clock, restore (issue 5 §1, §6) -----------------
    "device_slot_reserved": (
        "This slot would issue dossier numbers from {first}, inside the range 0001–"
        "{reserved_last} that the central system numbers from itself. Choose a slot from 1 to 9 "
        "as the administrator assigned."
    ),
    "clock_jump_unconfirmed": (
        "The computer's clock reads {now}, {days} days after the last dossier code "
        "({last_issued_at}). If today's date is right, confirm it and receive again "
        "(--confirm-clock); if not, correct the computer's date and time first."
    ),
    "device_state_rewound": (
        "This database may be behind dossier codes this computer has already issued from "
        "numbers {first}–{last} (restored backup, copied or recreated database), so it must not "
        "issue codes from them again. A supervisor must move this computer to a fresh slot: "
        "“counter-app device move-slot --slot K --reason TEXT --by USER”."
    ),
    "code_mark_damaged": (
        "The record of issued dossier codes ({path}) cannot be read. Do not delete it; a "
        "supervisor moves this computer to a fresh slot (“counter-app device move-slot”), which "
        "writes a new record."
    ),
    "not_a_supervisor": (
        "“{by}” is not an active supervisor of this office. Only a supervisor may move this "
        "computer to another slot; give the supervisor's user name."
    ),
    "device_slot_used_before": (
        "The numbers {first}–{last} have been used before by this computer or this database, so "
        "their codes may already exist. Choose a slot that was never used."
    ),
    "restore_source_missing": (
        "The backup file {path} does not exist or cannot be read. Check the name and the USB "
        "stick, then try again."
    ),
    "restore_source_not_a_store": (
        "The file {path} is not a backup of this application's database. Choose a backup file "
        "written by “counter-app backup”."
    ),
    "restore_source_damaged": (
        "The backup file {path} is damaged, so it was not restored and nothing was changed. "
        "Try an older backup."
    ),
    "restore_audit_broken": (
        "The audit log inside the backup {path} is broken at entry {seq}, so its records may "
        "have been altered; it was not restored and nothing was changed. Try another backup and "
        "contact technical support."
    ),
    "restore_wrong_agency": (
        "The backup belongs to agency {found}, not to this office ({agency}). Nothing was "
        "changed; choose a backup of this office."
    ),
    "store_in_use": (
        "The database at {path} is open in another program (the counter window or another "
        "command). Close it and try again; nothing was changed."
    ),
    "backup_copy_damaged": (
        "The copy just written failed its check ({detail}) and was removed. Try again; if it "
        "fails again, run “counter-app doctor”."
    ),
    "code_mark_unwritable": (
        "The record of issued dossier codes ({path}) cannot be written ({detail}), so no code "
        "was issued and nothing was saved. Free disk space or fix the data folder's "
        "permissions, then try again."
    ),
    "invalid_intake_file": (
        "The file {path} is not a valid dossier description: JSON of at most 1 MB with "
        "procedure_code, applicant (kind, name, …) and optional items. Correct it and try again."
    ),
    # --- scanning -----------------------------------------------------------------------------
    "scanner_unavailable": (
        "Scanning through {backend} is not installed on this computer. Ask technical support to "
        "install the scanner software, or import the scanned files instead."
    ),
    "scan_session_not_found": (
        "The interrupted scan {session} is no longer on this computer (it was saved or discarded "
        "meanwhile). Close the scan window and open it again."
    ),
    "scanner_not_found": (
        "The scanner “{device}” was not found. Check that it is switched on and connected, then "
        "run “counter-app scan --list” to see the scanners available."
    ),
    "scanner_no_paper": (
        "The scanner “{device}” has no paper in the feeder. Put the pages in the feeder and "
        "continue; the {pages_kept} page(s) already scanned are kept."
    ),
    "scanner_jammed": (
        "Paper is jammed in the scanner “{device}”. Open the scanner, remove the jammed sheet, "
        "put it back at the top of the stack and continue; the {pages_kept} page(s) already "
        "scanned are kept."
    ),
    "scanner_cover_open": (
        "The cover of the scanner “{device}” is open. Close it and continue; the {pages_kept} "
        "page(s) already scanned are kept."
    ),
    "scanner_device_gone": (
        "The scanner “{device}” stopped answering (unplugged or switched off). Reconnect it and "
        "continue; the {pages_kept} page(s) already scanned are kept."
    ),
    "scanner_busy": (
        "The scanner “{device}” is busy with another program. Wait until it is free and "
        "continue; the {pages_kept} page(s) already scanned are kept."
    ),
    "scanner_access_denied": (
        "This computer account may not use the scanner “{device}”. Ask technical support for "
        "access; the {pages_kept} page(s) already scanned are kept."
    ),
    "scanner_failed": (
        "The scanner “{device}” reported a fault ({detail}). Check the scanner and continue; "
        "the {pages_kept} page(s) already scanned are kept."
    ),
    "scan_timeout": (
        "The scanner “{device}” did not send a page within {seconds} seconds. Check the scanner, "
        "switch it off and on if needed, and continue; the {pages_kept} page(s) already scanned "
        "are kept."
    ),
    "invalid_scan_setting": (
        "The scan setting {field} = “{value}” cannot be used with this scanner. Choose a value "
        "the scanner supports and scan again."
    ),
    "invalid_scan_file": (
        "The file {path} is not a readable image or PDF (damaged or of another kind). Scan the "
        "page again or choose another file; the pages before it are kept."
    ),
    "scan_file_not_found": "The file {path} does not exist. Check the name and try again.",
    "ocr_failed": (
        "The text recognition (OCR) of a scanned file failed ({detail}). The scanned file is kept "
        "as it is; ask technical support to check that Tesseract with Vietnamese is installed."
    ),
    "invalid_certificate_file": (
        "The certificate file cannot be opened: the password is wrong or it is not a PKCS#12 "
        "(.p12/.pfx) file. Check the password and the file, then sign again."
    ),
    "signing_font_missing": (
        "No font with Vietnamese letters was found for the signature stamp. Ask technical "
        "support to install DejaVu Sans or Noto Sans, then sign again."
    ),
    "signed_file_damaged": (
        "The signed file is damaged and its signature cannot be read. Do not use it; scan and "
        "sign the item again, and contact technical support."
    ),
    "signing_config_incomplete": (
        "The digital signature settings are incomplete ({field} is empty). Open Settings → "
        "Digital signature, fill it in and test it, then save again."
    ),
    "signing_certificate_missing": (
        "The certificate file {path} is not there. Check that the file (or the USB stick with "
        "it) is in place, or choose it again under Settings → Digital signature."
    ),
    "signing_wrong_passphrase": (
        "The password of the certificate file is wrong. Type it again (mind upper and lower "
        "case); the scanned pages are kept."
    ),
    "signing_certificate_expired": (
        "The signing certificate is valid only from {valid_from} to {valid_until}. Ask the "
        "certification provider for a renewed certificate; meanwhile the file can be saved "
        "without a signature."
    ),
    "signing_library_missing": (
        "The token's PKCS#11 library {path} cannot be loaded. Install the USB token's software "
        "(driver) or choose its library again under Settings → Digital signature."
    ),
    "signing_token_missing": (
        "The USB token “{label}” is not plugged in. Plug it in, wait a few seconds and save "
        "again; the scanned pages are kept."
    ),
    "signing_wrong_pin": (
        "The PIN of the USB token is wrong. Type it again; after several wrong tries the token "
        "locks itself."
    ),
    "signing_pin_locked": (
        "The USB token's PIN is locked after too many wrong tries. Ask the certification "
        "provider to unlock it; meanwhile the file can be saved without a signature."
    ),
    "signing_key_not_found": (
        "The USB token has no key named “{label}”. Check the key label under Settings → "
        "Digital signature (the token's software lists its keys)."
    ),
    "signing_secret_needed": (
        "Signing needs the certificate's password or the token's PIN, and none was given. "
        "Type it when asked, or save without a signature."
    ),
    "signing_failed": (
        "The file could not be signed ({detail}). Check the USB token or the certificate and "
        "save again, or save without a signature; the scanned pages are kept."
    ),
    "signing_not_verified": (
        "The signed file did not pass the signature check, so it was not saved. Save again; "
        "if it happens again, contact technical support. The scanned pages are kept."
    ),
    "signing_keyring_unavailable": (
        "The password cannot be remembered: this computer's password store (keyring) is not "
        "available. It will be asked each time; nothing is written to disk."
    ),
    "dossier_item_not_found": (
        "The dossier {dossier_code} has no document item {item_code}. Check the item code in "
        "the dossier's list of documents and try again."
    ),
    "scan_not_found": (
        "The document item {item_code} of the dossier {dossier_code} has no digitised file. "
        "Nothing was changed; check the item and try again."
    ),
    "scan_file_damaged": (
        "The digitised file {path} (item {item_code}) was changed after it was saved: its "
        "content no longer matches its fingerprint. Do not delete it; scan the item again and "
        "contact technical support."
    ),
    "scan_file_missing": (
        "The digitised file {path} (item {item_code}) is missing from the data folder. Restore "
        "it from a backup or scan the item again, and contact technical support."
    ),
    "scan_disk_full": (
        "The disk holding {path} is full, so the page could not be saved. Free some space and "
        "continue; the pages already saved are kept."
    ),
    "scan_write_failed": (
        "The page could not be saved in {path} (folder or permissions). Fix the folder and "
        "continue; the pages already saved are kept."
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
    "signin_missing_credentials": ("The user name or the password is empty. Type both to sign in."),
    "signin_wrong_password": (
        "The user name or the password is not right. Type them again (mind the keyboard's "
        "language and Caps Lock); after several wrong tries the account is locked for a while."
    ),
    "signin_unknown_user": (
        "There is no staff account “{username}”. Check the user name, or ask the office's "
        "administrator to create your account."
    ),
    "signin_locked": (
        "The account “{username}” is locked. Wait a few minutes and try again, or ask the "
        "office's administrator to unlock it."
    ),
    "signin_offline_expired": (
        "The central system cannot be reached, and “{username}” last signed in online more than "
        "{days} days ago, so signing in offline is no longer allowed. Connect this computer to "
        "the network and sign in again."
    ),
    "signin_offline_unavailable": (
        "The central system cannot be reached, and “{username}” has never signed in on this "
        "computer while online. Connect this computer to the network (or register it with the "
        "central system) and sign in again."
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
    "dpi": "resolution (dpi)",
    "source": "paper source",
    "mode": "colour mode",
    "page_size": "page size",
    "birth_date": "date of birth",
    "card_qr": "citizen ID card QR code",
    "to_agency": "processing agency",
    "signing.mode": "signing method",
    "signing.pkcs12_path": "certificate file",
    "signing.pkcs11_library": "token library (PKCS#11)",
    "signing.token_label": "token label",
    "signing.key_label": "key label",
    "receiver": "person receiving the dossier at the agency",
    "giver": "person of the agency handing the result back",
    "step_budget": "time for the agency's step",
}

# Params whose values are themselves English catalogue text (marked with ``N_`` where they are
# produced) and are translated before being put into a template. Other values are shown as is.
TRANSLATED_PARAMS: frozenset[str] = frozenset(
    {"expected", "reason", "from_status", "to_status", "origin"}
)

# When a template needs one of these params and it is absent, the first present alternative is
# used instead (``invalid_calendar_file`` may carry ``detail`` or ``value``).
PARAM_ALTERNATIVES: dict[str, tuple[str, ...]] = {"detail": ("value", "reason")}
