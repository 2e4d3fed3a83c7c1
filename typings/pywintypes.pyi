# pywin32 (Windows only, an optional extra for the WIA backend): the adapter drives COM through
# Any, so only the module's existence is declared here.
from typing import Any

def __getattr__(name: str) -> Any: ...
