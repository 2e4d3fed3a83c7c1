"""Every error code the core raises, in one enum.

A code is a stable snake_case identifier; the class of the error (``ValidationError``,
``NotFoundError``, ``ConflictError``, ``BusyError``, ``DamagedError``, ``EnvironmentProblem``,
``Cancelled``) says what kind of trouble it is, and callers choose behaviour by that class, never
by the text of the code. ``ErrorCode`` is a ``StrEnum``: a member *is* its string, so
``NotFoundError(ErrorCode.DOSSIER_NOT_FOUND)`` and ``NotFoundError("dossier_not_found")`` are the
same error.

Adding a code: add the member here, its English template to ``counter_app/messages.py`` and its
translation to ``resources/i18n/vi.po``. ``tests/unit/test_error_codes.py`` fails when a code is
raised anywhere in the packages without being a member, or a member has no message.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class ErrorCode(StrEnum):
    # --- generic, one per class of the hierarchy ---------------------------------------------
    DOMAIN_ERROR = "domain_error"
    INVALID_INPUT = "invalid_input"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    BUSY = "busy"
    DAMAGED = "damaged"
    ENVIRONMENT = "environment"
    CANCELLED = "cancelled"
    # --- wrong input ---------------------------------------------------------------------------
    MISSING_FIELD = "missing_field"
    INVALID_ID_NUMBER = "invalid_id_number"
    INVALID_PHONE = "invalid_phone"
    INVALID_EMAIL = "invalid_email"
    INVALID_FEE = "invalid_fee"
    INVALID_QUANTITY = "invalid_quantity"
    INVALID_RECEIVED_TIME = "invalid_received_time"
    INVALID_PROCESSING_TIME = "invalid_processing_time"
    INVALID_DOSSIER_CODE = "invalid_dossier_code"
    INVALID_RATING = "invalid_rating"
    INVALID_EXTENSION = "invalid_extension"
    NEGATIVE_MINUTES = "negative_minutes"
    UNRECOGNISED_NUMBER = "unrecognised_number"
    UNKNOWN_DOCUMENT_ITEM = "unknown_document_item"
    SUPPLEMENT_BEFORE_PAUSE = "supplement_before_pause"
    PAUSE_BEFORE_RECEIPT = "pause_before_receipt"
    APOLOGY_DATE_NOT_LATER = "apology_date_not_later"
    INVALID_AGENCY_CODE = "invalid_agency_code"
    INVALID_DEVICE_SLOT = "invalid_device_slot"
    INVALID_SEQUENCE_BLOCK = "invalid_sequence_block"
    INVALID_CATALOGUE = "invalid_catalogue"
    INVALID_ARGUMENT_ENCODING = "invalid_argument_encoding"
    # --- not found -----------------------------------------------------------------------------
    DOSSIER_NOT_FOUND = "dossier_not_found"
    PROCEDURE_NOT_FOUND = "procedure_not_found"
    CATALOGUE_NOT_FOUND = "catalogue_not_found"
    STORE_NOT_INITIALISED = "store_not_initialised"
    # --- dossier life cycle (conflicts with what is stored) ------------------------------------
    ILLEGAL_TRANSITION = "illegal_transition"
    CONCURRENT_MODIFICATION = "concurrent_modification"
    APOLOGY_ALREADY_GIVEN = "apology_already_given"
    APOLOGY_NOT_ALLOWED = "apology_not_allowed"
    ALREADY_PAUSED = "already_paused"
    NOT_PAUSED = "not_paused"
    NO_APPOINTMENT = "no_appointment"
    RATING_ALREADY_GIVEN = "rating_already_given"
    RATING_NOT_ALLOWED = "rating_not_allowed"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
    EXTENSION_ALREADY_APPLIED = "extension_already_applied"
    # --- dossier codes and devices -------------------------------------------------------------
    DAILY_SEQUENCE_EXHAUSTED = "daily_sequence_exhausted"
    CLOCK_WENT_BACKWARDS = "clock_went_backwards"
    DOSSIER_CODE_TAKEN = "dossier_code_taken"
    DEVICE_ALREADY_REGISTERED = "device_already_registered"
    DEVICE_NOT_REGISTERED = "device_not_registered"
    SEQUENCE_BLOCK_TAKEN = "sequence_block_taken"
    # --- rules, calendar and office hours ------------------------------------------------------
    UNKNOWN_TIME_UNIT = "unknown_time_unit"
    UNKNOWN_RULE_SET = "unknown_rule_set"
    CALENDAR_FILE_NOT_FOUND = "calendar_file_not_found"
    CALENDAR_FILE_UNREADABLE = "calendar_file_unreadable"
    CALENDAR_FILE_NOT_REGULAR = "calendar_file_not_regular"
    CALENDAR_FILE_TOO_LARGE = "calendar_file_too_large"
    INVALID_CALENDAR_FILE = "invalid_calendar_file"
    NO_WORKING_DAY_FOUND = "no_working_day_found"
    OFFICE_HOURS_EMPTY = "office_hours_empty"
    OFFICE_PERIODS_OVERLAP = "office_periods_overlap"
    CUTOFF_OUTSIDE_OFFICE_DAY = "cutoff_outside_office_day"
    INVALID_MINUTES_PER_DAY = "invalid_minutes_per_day"
    INVALID_WEEKDAY = "invalid_weekday"
    INVALID_OFFICE_PERIOD = "invalid_office_period"
    # --- settings ------------------------------------------------------------------------------
    SETTINGS_INVALID_VALUE = "settings_invalid_value"
    SETTINGS_UNKNOWN_KEY = "settings_unknown_key"
    SETTINGS_PARSE_ERROR = "settings_parse_error"
    SETTINGS_TOO_NEW = "settings_too_new"
    SETTINGS_MISSING = "settings_missing"
    # --- the store -----------------------------------------------------------------------------
    STORE_BUSY = "store_busy"
    STORE_DAMAGED = "store_damaged"
    STORE_TOO_NEW = "store_too_new"
    STORE_NEEDS_UPGRADE = "store_needs_upgrade"
    STORE_AGENCY_MISMATCH = "store_agency_mismatch"
    STORE_DISK_FULL = "store_disk_full"
    STORE_READ_ONLY = "store_read_only"
    STORE_PERMISSION_DENIED = "store_permission_denied"
    STORE_PATH_IS_FOLDER = "store_path_is_folder"
    STORE_CANNOT_OPEN = "store_cannot_open"
    STORE_NOT_REGULAR_FILE = "store_not_regular_file"
    STORE_IO_ERROR = "store_io_error"
    DATA_DIR_UNUSABLE = "data_dir_unusable"
    OUTPUT_UNWRITABLE = "output_unwritable"
    AUDIT_CHAIN_BROKEN = "audit_chain_broken"
    # --- backup --------------------------------------------------------------------------------
    BACKUP_TARGET_EXISTS = "backup_target_exists"
    BACKUP_TARGET_UNWRITABLE = "backup_target_unwritable"
    # --- the demo office -----------------------------------------------------------------------
    DEMO_ALREADY_LOADED = "demo_already_loaded"
    DEMO_ALREADY_RUNNING = "demo_already_running"
    DEMO_NEEDS_OWN_FOLDER = "demo_needs_own_folder"
    STORE_NOT_REAL = "store_not_real"
    # --- lifecycle (law issue) -------------------------------------------------------------------
    APOLOGY_AFTER_DUE = "apology_after_due"
    FEE_ALREADY_PAID = "fee_already_paid"
    FEE_COLLECTION_CLOSED = "fee_collection_closed"
    FEE_NOT_PAID = "fee_not_paid"
    FEE_UNPAID = "fee_unpaid"
    INVALID_AUTHORISATION = "invalid_authorisation"
    INVALID_POSTAGE = "invalid_postage"
    INVALID_REFUND = "invalid_refund"
    REFUND_ALREADY_RECORDED = "refund_already_recorded"
    TRACKING_NUMBER_TAKEN = "tracking_number_taken"
    UNKNOWN_FEE = "unknown_fee"
    UNKNOWN_SLIP_SET = "unknown_slip_set"
    # --- calendar and office hours (law issue) ---------------------------------------------------
    INVALID_CALENDAR_DATA = "invalid_calendar_data"
    INVALID_SEASON = "invalid_season"
    MINUTES_PER_DAY_MISMATCH = "minutes_per_day_mismatch"
    SEASONS_OVERLAP = "seasons_overlap"
    WEEKDAY_WITHOUT_PERIODS = "weekday_without_periods"
    # --- stored records --------------------------------------------------------------------------
    STORED_RECORD_DAMAGED = "stored_record_damaged"
    # --- printing: slips and print queues -----------------------------------------------------
    FONT_MISSING = "font_missing"
    INVALID_COPIES = "invalid_copies"
    INVALID_PERIOD = "invalid_period"
    NO_DEFAULT_PRINTER = "no_default_printer"
    OUTPUT_NOT_WRITTEN = "output_not_written"
    PRINT_JOB_FAILED = "print_job_failed"
    PRINT_SYSTEM_UNAVAILABLE = "print_system_unavailable"
    PRINTER_NOT_FOUND = "printer_not_found"
    PRINTER_OFFLINE = "printer_offline"
    PRINTER_REJECTING = "printer_rejecting"
    PRINTER_UNAVAILABLE = "printer_unavailable"
    REPRINT_NOT_ALLOWED = "reprint_not_allowed"
    REPRINT_NOT_APPLICABLE = "reprint_not_applicable"
    SLIP_FILE_DAMAGED = "slip_file_damaged"
    SLIP_NEVER_ISSUED = "slip_never_issued"
    SLIP_NOT_APPLICABLE = "slip_not_applicable"
    SLIP_NOT_SAVED = "slip_not_saved"
    STAFF_NOT_FOUND = "staff_not_found"
    THERMAL_RECEIPT_ONLY = "thermal_receipt_only"
    # --- dossier codes, slots, backup and restore ---------------------------------------------
    BACKUP_COPY_DAMAGED = "backup_copy_damaged"
    CLOCK_JUMP_UNCONFIRMED = "clock_jump_unconfirmed"
    CODE_MARK_DAMAGED = "code_mark_damaged"
    CODE_MARK_UNWRITABLE = "code_mark_unwritable"
    DEVICE_SLOT_RESERVED = "device_slot_reserved"
    DEVICE_SLOT_USED_BEFORE = "device_slot_used_before"
    DEVICE_STATE_REWOUND = "device_state_rewound"
    INVALID_INTAKE_FILE = "invalid_intake_file"
    NOT_A_SUPERVISOR = "not_a_supervisor"
    RESTORE_AUDIT_BROKEN = "restore_audit_broken"
    RESTORE_SOURCE_DAMAGED = "restore_source_damaged"
    RESTORE_SOURCE_MISSING = "restore_source_missing"
    RESTORE_SOURCE_NOT_A_STORE = "restore_source_not_a_store"
    RESTORE_WRONG_AGENCY = "restore_wrong_agency"
    STORE_IN_USE = "store_in_use"
