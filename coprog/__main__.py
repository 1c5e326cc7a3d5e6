import sys

from coprog.cli import main

sys.exit(main())
