"""Entry point: `python -m threadlit_runtime APP [options]`.

Kept to syntax every Python 3 can parse, so an old interpreter gets a protocol error
naming the fix instead of a SyntaxError from a module it cannot read.
"""

import json
import sys

if sys.version_info < (3, 10):
    found = "%d.%d.%d" % sys.version_info[:3]
    for event in (
        {
            "v": 1,
            "type": "error",
            "code": "python-too-old",
            "fatal": True,
            "message": "Python %s at %s is too old for Threadlit: it needs Python 3.10 or newer. "
            "Choose a newer interpreter (threadlit run --python PATH)." % (found, sys.executable),
        },
        {"v": 1, "type": "exit", "code": 2, "reason": "error"},
    ):
        sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()
    sys.exit(2)

from threadlit_runtime.main import main

main(sys.argv[1:])
