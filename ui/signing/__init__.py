"""The officer's digital signature (ký số) in the window."""
