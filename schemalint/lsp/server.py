"""`schemalint server`: the Language Server Protocol over stdio, on pygls.

Linting runs in one worker thread, so the protocol keeps answering while a large catalog is linted. A change
waits DEBOUNCE seconds for the next one; a result is published only if the buffer still has the version it was
computed from (the last result wins). The server logs to stderr and the client's log; nothing else is written to
stdout, which is the protocol's channel.
"""
from __future__ import annotations

import asyncio
import atexit
import gc
import logging
import os
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..engine.registry import all_rules
from ..errors import one_line
from ..sources.collector import paused_gc
from .actions import fix_actions
from .analysis import CONFIG_NAMES, Linted, Project
from .hover import hover_text
from .spans import LineIndex

log = logging.getLogger("schemalint.lsp")

DEBOUNCE = 0.15  # seconds a change waits for the next keystroke
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


class SchemalintServer(LanguageServer):
    def __init__(self):
        super().__init__("schemalint", __version__)
        self.projects: dict[str, Project] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.results: dict[str, tuple[int | None, Linted]] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="schemalint-lint")
        self.deferring = 0  # lints between their start and their publish (collection_deferred)
        self.collecting = True
        self.explained = tempfile.mkdtemp(prefix="schemalint-explain-")
        self.links: dict[str, str] = {}  # rule id -> file URI of its explain text
        atexit.register(shutil.rmtree, self.explained, True)

    # where a file belongs ----------------------------------------------------------------------------------
    def project_for(self, path: str) -> Project:
        roots = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        if not roots and self.workspace.root_path:
            roots = [self.workspace.root_path]
        inside = [r for r in roots if r and (path + os.sep).startswith(os.path.abspath(r).rstrip(os.sep) + os.sep)]
        root, scan = (max(inside, key=len), True) if inside else (os.path.dirname(path), False)
        key = os.path.abspath(root)
        project = self.projects.get(key)
        if project is None or project.scan != scan:
            project = self.projects[key] = Project(key, scan)
        return project

    def open_paths(self) -> dict[str, str]:
        """uri -> path of every open buffer."""
        return {uri: to_fs_path(uri) for uri in self.workspace.text_documents}

    # linting -------------------------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    def schedule_all(self, delay: float = DEBOUNCE) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay)

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            with self.collection_deferred():
                await self._lint_now(uri)
        except asyncio.CancelledError:
            return
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    @contextmanager
    def collection_deferred(self):
        """No cyclic collection from the start of a lint until its diagnostics are published: a catalog of 3,526
        tools leaves so many objects that the collection it triggers walks them all (0.1 s), on the way to the
        editor. The deferred collection runs after the last publish, in the worker, off the path of any result."""
        if self.deferring == 0:
            self.collecting = gc.isenabled()
            gc.disable()
        self.deferring += 1
        try:
            yield
        finally:
            self.deferring -= 1
            if self.deferring == 0 and self.collecting:
                gc.enable()
                self.worker.submit(gc.collect)

    async def _lint_now(self, uri: str) -> None:
        version = None
        try:
            doc = self.workspace.get_text_document(uri)
            version, text, path = doc.version, doc.source, to_fs_path(uri)
            project = self.project_for(path)
            others = {p: self.workspace.get_text_document(u).source for u, p in self.open_paths().items()
                      if u != uri and p and project.reads(os.path.abspath(p))}
            linted, diagnostics = await asyncio.get_running_loop().run_in_executor(
                self.worker, self.lint_and_convert, project, path, text, others)
        except asyncio.CancelledError:
            return
        except Exception as exc:  # noqa: BLE001 - the server must outlive any buffer
            log.exception("linting %s failed", uri)
            linted, diagnostics = None, [types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)), source="schemalint",
                code="internal-error", severity=types.DiagnosticSeverity.Error,
                message=f"schemalint failed on this file (a bug; the server log has the traceback): "
                        f"{type(exc).__name__}: {one_line(exc)}")]
        current = self.workspace.text_documents.get(uri)
        if version is None or current is None or current.version != version:
            return  # closed or changed meanwhile: a newer run publishes
        if linted is not None:
            self.results[uri] = (version, linted)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics,
                                                                              version=version))

    def lint_and_convert(self, project: Project, path: str, text: str, others: dict) -> tuple:
        """In the worker thread: the buffer's findings, and its diagnostics."""
        linted = project.lint_buffer(path, text, others)
        with paused_gc():
            index = LineIndex(linted.text)
            diagnostics = [self.diagnostic(f, index) for f in linted.findings]
        if project.problem:
            diagnostics.append(types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"configuration not used (defaults apply): {project.problem}",
                severity=types.DiagnosticSeverity.Warning, source="schemalint", code="configuration"))
        return linted, diagnostics

    def range(self, index: LineIndex, start: int, end: int) -> types.Range:
        encoding = self.workspace.position_encoding
        encoding = getattr(encoding, "value", encoding) or "utf-16"
        return types.Range(types.Position(*index.client_position(start, encoding)),
                           types.Position(*index.client_position(end, encoding)))

    def diagnostic(self, finding, index: LineIndex) -> types.Diagnostic:
        return types.Diagnostic(
            range=self.range(index, *index.token(finding.line, finding.column)),
            message=finding.message,
            severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
            code=finding.rule,
            code_description=types.CodeDescription(href=self.explain_link(finding.rule)),
            source="schemalint",
        )

    def explain_link(self, rule_id: str) -> str:
        """A file URI of `schemalint explain RULE`'s text, written the first time a rule is reported."""
        link = self.links.get(rule_id)
        if link is None:
            from ..commands.rules import explain_text

            path = os.path.join(self.explained, f"{rule_id}.txt")
            cls = all_rules().get(rule_id)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(explain_text(cls) if cls is not None else f"{rule_id}\n")
            link = self.links[rule_id] = from_fs_path(path)
        return link

    def current(self, uri: str) -> Linted | None:
        """The last result of a buffer, if it is of the buffer's text as it is now."""
        version, linted = self.results.get(uri, (None, None))
        doc = self.workspace.text_documents.get(uri)
        if linted is None or doc is None or doc.source != linted.text:
            return None
        return linted


server = SchemalintServer()


@server.feature(types.INITIALIZED)
async def initialized(ls: SchemalintServer, params: types.InitializedParams):
    watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if not (watch and watch.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
    watchers += [types.FileSystemWatcher(glob_pattern=f"**/*.{ext}") for ext in ("json", "jsonl", "yaml", "yml", "py")]
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
            id="schemalint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
    except Exception:  # noqa: BLE001 - a client that refuses still gets config changes on save and on each lint
        log.info("the client did not register the file watchers")


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SchemalintServer, params: types.DidOpenTextDocumentParams):
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SchemalintServer, params: types.DidChangeTextDocumentParams):
    changed = params.text_document.uri
    ls.schedule(changed)
    # cross-file findings (a reference to a tool) of the other open buffers of its folder may change with it
    folder = ls.project_for(to_fs_path(changed)).root
    for uri, path in ls.open_paths().items():
        if uri != changed and path and ls.project_for(path).root == folder:
            ls.schedule(uri, DEBOUNCE * 2)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: SchemalintServer, params: types.DidSaveTextDocumentParams):
    if os.path.basename(to_fs_path(params.text_document.uri) or "") in CONFIG_NAMES:
        ls.schedule_all(0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SchemalintServer, params: types.DidCloseTextDocumentParams):
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.results.pop(uri, None)
    path = to_fs_path(uri)
    if path:
        ls.project_for(path).forget(path)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: SchemalintServer, params: types.DidChangeWatchedFilesParams):
    # a configuration read again, or a catalog file changed on disk: every open buffer is linted again (after the
    # same pause as an edit, so a burst of events, a checkout, is one run)
    ls.schedule_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_folders(ls: SchemalintServer, params: types.DidChangeWorkspaceFoldersParams):
    ls.projects.clear()
    ls.schedule_all(0)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: SchemalintServer, params: types.HoverParams):
    linted = ls.current(params.text_document.uri)
    if linted is None or linted.kind is None:
        return None
    doc = TextDocument(params.text_document.uri, source=linted.text, position_codec=ls.workspace.position_codec)
    text = hover_text(linted, doc.offset_at_position(params.position), LineIndex(linted.text))
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix,
                                                           types.CodeActionKind.SourceFixAll]))
def code_action(ls: SchemalintServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    linted = ls.current(uri)
    if linted is None or linted.kind is None:
        return None
    doc = TextDocument(uri, source=linted.text, position_codec=ls.workspace.position_codec)
    index = LineIndex(linted.text)
    low, high = doc.offset_at_position(params.range.start), doc.offset_at_position(params.range.end)
    under = [f for f in linted.findings if f.fixable and _overlaps(index.token(f.line, f.column), low, high)]
    only = params.context.only
    out = []
    for action in fix_actions(linted, under):
        kind = types.CodeActionKind.SourceFixAll if action.fix_all else types.CodeActionKind.QuickFix
        if only and not any(kind == k or kind.startswith(f"{k}.") for k in only):
            continue
        edit = types.TextEdit(range=ls.range(index, action.start, action.end), new_text=action.new)
        out.append(types.CodeAction(
            title=action.title,
            kind=kind,
            diagnostics=[ls.diagnostic(f, index) for f in action.findings],
            is_preferred=not action.unsafe and not action.fix_all,
            edit=types.WorkspaceEdit(changes={uri: [edit]})))
    return out


def _overlaps(span: tuple[int, int], low: int, high: int) -> bool:
    """Whether a finding's token touches the requested range (a cursor at its edge included)."""
    return span[0] <= high and low <= span[1]


def add_arguments(parser) -> None:
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdin and stdout (the default and only "
                        "transport; accepted because editors pass it)")
    parser.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="info",
                        help="what the server logs to stderr (default: info)")


def run(args) -> int:
    logging.basicConfig(stream=sys.stderr, level=args.log_level.upper(),
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.log_level != "debug":  # pygls logs every message it sends at info: thousands of diagnostics
        logging.getLogger("pygls").setLevel(logging.WARNING)
    all_rules()  # a plugin that fails to import stops the server here, with one line, before any client waits
    # main() turns the cyclic collector off for one-shot commands; a server lives for hours and its event loop
    # makes cycles (futures, tracebacks), so it collects, and pauses collection only while it lints
    gc.enable()
    channel = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print anywhere must not corrupt the protocol
    server.start_io(sys.stdin.buffer, channel)
    return 0
