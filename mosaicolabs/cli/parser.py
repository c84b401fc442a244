"""The argument parser of the ``mosaico`` command.

Each subcommand records the function that runs it as ``"module:function"``
(``args.handler``), so only the module of the chosen command is imported.
``--debug`` and ``--json`` work before or after the subcommand: the subcommand
copies use ``SUPPRESS`` defaults, otherwise argparse would reset a value given
before the subcommand.
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import DEFAULT_HOST, DEFAULT_PORT, env_default

__all__ = ["build_parser"]

_EPILOG = """\
connection defaults come from the environment:
  MOSAICO_HOST, MOSAICO_PORT                      --host, --port
  MOSAICO_API_KEY or MOSAICOD_API_KEY             --api-key
  MOSAICO_TLS_CERT_FILE or MOSAICOD_TLS_CERT_FILE --tls-cert
exit codes: 0 ok, 1 server/library error, 2 usage, 3 not found,
            4 connection or authentication/permission failure, 130 interrupted
"""

_PERMISSIONS = ("read", "write", "delete", "manage")


def _common_flags(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--debug``/``--json``: real defaults on the top parser, SUPPRESS on subcommands."""
    default = False if top else argparse.SUPPRESS
    parser.add_argument("--debug", action="store_true", default=default,
                        help="show the traceback of errors")
    parser.add_argument("--json", action="store_true", default=default,
                        help="print one JSON document on stdout (for scripts)")


def _connection_parent() -> argparse.ArgumentParser:
    """Connection flags shared by every command that talks to a server."""
    parent = argparse.ArgumentParser(add_help=False)
    _common_flags(parent, top=False)
    group = parent.add_argument_group("connection")
    group.add_argument("--host", default=env_default(("MOSAICO_HOST",), DEFAULT_HOST),
                       help="server host ($MOSAICO_HOST, else localhost)")
    # A string default goes through type=int too, so a bad $MOSAICO_PORT is a usage error.
    group.add_argument("--port", type=int, default=env_default(("MOSAICO_PORT",), DEFAULT_PORT),
                       help="server port ($MOSAICO_PORT, else 6726)")
    group.add_argument("--timeout", type=float, default=5.0, help="connect timeout, seconds (5)")
    group.add_argument("--api-key", metavar="TOKEN",
                       help="API key (default $MOSAICO_API_KEY; prefer the variable: "
                            "flags show up in process lists)")
    group.add_argument("--tls-cert", metavar="PEM",
                       help="CA or server certificate to trust; implies TLS "
                            "(default $MOSAICO_TLS_CERT_FILE)")
    group.add_argument("--enable-tls", action="store_true", help="TLS with the system roots")
    group.add_argument("--tls-client-cert", metavar="PEM", help="client certificate (mTLS)")
    group.add_argument("--tls-client-key", metavar="PEM", help="client private key (mTLS)")
    group.add_argument("--tls-server-name", metavar="NAME", help="name to verify the server as")
    return parent


def _add(sub: Any, name: str, handler: str, text: str, parent: argparse.ArgumentParser,
         **kwargs: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=text, description=text, parents=[parent], **kwargs)
    parser.set_defaults(handler=handler)
    return parser


def _range_and_output(parser: argparse.ArgumentParser, output_help: str) -> None:
    parser.add_argument("-o", "--output", metavar="PATH", help=output_help)
    parser.add_argument("--format", choices=("parquet", "csv"),
                        help="file format (default: from the -o extension, else parquet)")
    parser.add_argument("--start", metavar="TIME", help="first timestamp_ns (ns or ISO 8601)")
    parser.add_argument("--end", metavar="TIME", help="end, exclusive (ns or ISO 8601)")
    parser.add_argument("--no-progress", action="store_true", help="never draw a progress bar")


def _add_catalog_commands(sub: Any, conn: argparse.ArgumentParser) -> None:
    _add(sub, "version", "commands:cmd_version", "print the server version", conn)
    _add(sub, "ls", "commands:cmd_ls", "list sequences with topics, size and time span", conn)
    show = _add(sub, "show", "commands:cmd_show",
                "describe a sequence (or one of its topics)", conn)
    show.add_argument("sequence")
    show.add_argument("topic", nargs="?")
    notes = _add(sub, "notifications", "commands:cmd_notifications",
                 "list (or --clear) the notifications of a sequence or topic", conn)
    notes.add_argument("sequence")
    notes.add_argument("topic", nargs="?")
    notes.add_argument("--clear", action="store_true", help="delete them (needs Delete)")
    rm = _add(sub, "rm", "commands:cmd_rm", "delete sequences and all their data", conn)
    rm.add_argument("sequences", nargs="+", metavar="SEQUENCE")
    rm.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


def _add_query_command(sub: Any, conn: argparse.ArgumentParser) -> None:
    query = _add(sub, "query", "query:cmd_query", "find sequences and topics", conn,
                 epilog="conditions: PATH OP VALUE with OP one of == != < <= > >=; values are "
                        "numbers, true/false, or text (quoted or bare). Example: "
                        "--metadata 'environment.visibility<50' --where 'imu.acceleration.x>5'")
    add = query.add_argument
    add("--name", help="sequence named exactly NAME")
    add("--name-match", metavar="TEXT", help="sequence names containing TEXT")
    add("--metadata", action="append", default=[], metavar="COND",
        help="condition on sequence user metadata (repeatable)")
    add("--topic-name", metavar="NAME", help="topic named exactly NAME")
    add("--topic-name-match", metavar="TEXT", help="topic names containing TEXT")
    add("--topic-metadata", action="append", default=[], metavar="COND",
        help="condition on topic user metadata (repeatable)")
    add("--tag", help="topics of this ontology tag (e.g. imu)")
    add("--where", action="append", default=[], metavar="COND",
        help="condition on data, TAG.FIELD.PATH OP VALUE (repeatable)")
    add("--with-ranges", action="store_true", help="report the time range of matching rows")
    add("--file", metavar="JSON",
        help="query blocks {\"sequence\": …, \"topic\": …, \"ontology\": …} ('-': stdin)")
    add("--dry-run", action="store_true", help="print the query blocks, do not send them")


def _add_data_commands(sub: Any, conn: argparse.ArgumentParser) -> None:
    get = _add(sub, "get", "data:cmd_export", "download one topic to Parquet or CSV", conn)
    get.add_argument("sequence")
    get.add_argument("topic")
    _range_and_output(get, "output file ('-': stdout; default <sequence>_<topic>.<format>)")
    export = _add(sub, "export", "data:cmd_export",
                  "download a topic, or every topic of a sequence (one file each)", conn)
    export.add_argument("sequence")
    export.add_argument("topic", nargs="?")
    _range_and_output(export, "output file for a topic; directory for a sequence "
                              "(default ./<sequence>/)")
    put = _add(sub, "put", "data:cmd_put", "upload a Parquet or CSV file as a new topic",
               conn, aliases=["import"])
    put.add_argument("file")
    put.add_argument("sequence")
    put.add_argument("topic")
    put.add_argument("--tag", help="ontology tag (e.g. imu); optional for files made by export")
    put.add_argument("--format", choices=("parquet", "csv"), help="default: from the extension")
    put.add_argument("--metadata-json", metavar="JSON", help="topic user metadata (an object)")
    put.add_argument("--sequence-metadata-json", metavar="JSON",
                     help="user metadata of the sequence, if it gets created")
    put.add_argument("--no-progress", action="store_true", help="never draw a progress bar")


def _add_keys_command(sub: Any, conn: argparse.ArgumentParser) -> None:
    keys = sub.add_parser("keys", help="create, inspect and revoke API keys (needs Manage)")
    actions = keys.add_subparsers(dest="keys_action", required=True, metavar="ACTION")
    create = _add(actions, "create", "commands:cmd_keys_create",
                  "issue a key and print its token (shown only once)", conn)
    create.add_argument("--permission", required=True, choices=_PERMISSIONS)
    create.add_argument("--description", required=True, metavar="TEXT")
    create.add_argument("--expires-in", type=float, metavar="SECONDS", help="lifetime")
    status = _add(actions, "status", "commands:cmd_keys_status",
                  "status of a key (default: the key in use)", conn)
    status.add_argument("fingerprint", nargs="?")
    revoke = _add(actions, "revoke", "commands:cmd_keys_revoke", "revoke a key", conn)
    revoke.add_argument("fingerprint")


def build_parser() -> argparse.ArgumentParser:
    """The full ``mosaico`` parser (``serve`` is listed but parsed by the mock server)."""
    parser = argparse.ArgumentParser(
        prog="mosaico", description="Mosaico client tools.", epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _common_flags(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("serve", help="run the mock server (see `mosaico serve --help`)",
                   add_help=False)
    conn = _connection_parent()
    _add_catalog_commands(sub, conn)
    _add_query_command(sub, conn)
    _add_data_commands(sub, conn)
    _add_keys_command(sub, conn)
    from .recordings import add_recording_commands

    add_recording_commands(sub, conn, _add)
    return parser

