"""`interviewer users add|remove|list|password`: the operator's accounts for hosted mode (passwords from stdin)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime

from interviewer.commands.evals import settings_for


def _password(args: argparse.Namespace) -> str:
    """The new password: the first line of stdin when piped, else typed twice at a hidden prompt."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def cmd_users_add(args: argparse.Namespace) -> int:
    """Add an account."""
    from interviewer.adapters.history_db import History
    from interviewer.adapters.passwords import check_name, hash_password

    name = check_name(args.name)
    history = History(settings_for(args).history_location)
    if not history.add_user(name, hash_password(_password(args)), datetime.now()):
        raise ValueError(f"there is already a user {name!r} (`interviewer users password {name}` changes theirs)")
    print(f"added {name}")
    return 0


def cmd_users_password(args: argparse.Namespace) -> int:
    """Set an account's password."""
    from interviewer.adapters.history_db import History
    from interviewer.adapters.passwords import hash_password

    if not History(settings_for(args).history_location).set_password(args.name, hash_password(_password(args))):
        raise ValueError(f"no user {args.name!r}: `interviewer users list` shows them")
    print(f"changed the password of {args.name}")
    return 0


def cmd_users_remove(args: argparse.Namespace) -> int:
    """Remove an account and its sessions."""
    from interviewer.adapters.history_db import History

    if not History(settings_for(args).history_location).remove_user(args.name):
        raise ValueError(f"no user {args.name!r}: `interviewer users list` shows them")
    print(f"removed {args.name} and their sessions")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    """List the accounts."""
    from interviewer.adapters.history_db import History

    rows = History(settings_for(args).history_location).list_users()
    if args.json:
        print(json.dumps({"users": [r.model_dump() for r in rows]}, indent=2))
    for row in [] if args.json else rows:
        print(f"{row.name:<32} added {row.created_at[:16].replace('T', ' ')}  {row.sessions:>4} sessions")
    if not rows and not args.json:
        print("No users yet: `interviewer users add NAME` adds one (the password is read from stdin).")
    return 0


def add_user_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`users` and its subcommands."""
    users = sub.add_parser("users", help="accounts for hosted mode (INTERVIEWER_SIGN_IN=true)")
    verbs = users.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="add a user; the password is the first line of stdin (or typed twice)")
    add.add_argument("name", help="3-64 lower-case letters, digits, dots, dashes or underscores")
    add.set_defaults(func=cmd_users_add)
    password = verbs.add_parser("password", help="set a user's password (from stdin, like add)")
    password.add_argument("name")
    password.set_defaults(func=cmd_users_password)
    remove = verbs.add_parser("remove", help="remove a user and all their sessions")
    remove.add_argument("name")
    remove.set_defaults(func=cmd_users_remove)
    listing = verbs.add_parser("list", help="list the users with their session counts")
    listing.add_argument("--json", action="store_true", help="print JSON: an object with a `users` list")
    listing.set_defaults(func=cmd_users_list)
