# pytwain (imports as ``twain``; Windows only, GPLv2, an optional extra): the adapter takes the
# module as a value and drives it through Any, so only its existence is declared here.
from typing import Any

def __getattr__(name: str) -> Any: ...
