"""Exit statuses shared by every command.

0: everything worked; 1: the output was written but some inputs were skipped;
2: a usage or input error.  A module of their own so that commands need not
import the CLI that imports them.
"""

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2
