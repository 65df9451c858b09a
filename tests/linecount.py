"""Work done by a call, counted as lines of one module executed: a count, not a time, so the same on any machine.

Tests of linear algorithms compare the count for an input and for the same input doubled (no test asserts speed).
"""

import sys
from collections.abc import Callable
from types import ModuleType


def lines_run(module: ModuleType, call: Callable[[], object]) -> int:
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != module.__file__:
            return None
        count += event == "line"
        return trace

    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return count
