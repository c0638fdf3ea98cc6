"""Precision of the cross-server rules (tool-name-on-several-servers, cross-server-reference) on real MCP
servers' tool lists: the corpus's servers, or tools/list captures (`check --server ... --save-tools DIR`
writes one per server), put together as the servers one client would connect to.

    python benchmarks/cross_server.py [--set developer|office|research|browser|finance|all] [CAPTURE.json ...]
    python benchmarks/cross_server.py --set every --judged benchmarks/precision/cross_server_judged.jsonl

Each server's tools go into one catalog, each tool marked with its server (`x-mcp-server`, as the rules read a
capture of several servers in one file); `schemalint check` runs the two rules on it. Prints every finding
(server, tool, rule, message); with --judged, joins them with the verdicts given by hand (key: the rule, the
two servers of a name or the tool and the other server's tool it names) and prints findings, true, false, precision, and the findings not judged yet.
A capture's server is the `x-mcp-server` it names (`--save-tools` writes it), or its file name without `.json`.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
CORPUS = os.environ.get("SCHEMALINT_CORPUS", os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
if not os.path.isdir(CORPUS):
    CORPUS = "/work/shared/corpus"
RULES = "tool-name-on-several-servers,cross-server-reference"

# servers a user would plausibly configure in one client, by what they work on
SETS = {
    "developer": ["github", "posthog", "filesystem", "git", "fetch", "playwright", "memory", "sequential-thinking",
                  "time", "desktop-commander", "Context7", "sentry-remote", "buildkite", "sonarqube",
                  "kubectl-mcp-server", "docker-mcp", "npm-sentinel-mcp"],
    "office": ["gmail-mcp", "notion-remote", "word-document-server", "excel", "ppt", "okppt", "filesystem",
               "text-editor", "pdf-reader-mcp", "basic-memory", "memory", "taskmanager", "simplechecklist"],
    "research": ["wikipedia", "arxiv-mcp-server", "mcp-simple-arxiv", "fetch", "npx_fetch", "duckduckgo-search",
                 "searxng", "bing-cn-mcp", "microsoft-learn", "ref", "astro-docs", "hackernews", "mcp-deepwiki",
                 "Context7"],
    "browser": ["playwright", "puppeteer", "fetch", "desktop-commander", "filesystem"],
    "finance": ["yahoo-finance", "yfmcp", "investor", "kospi-kosdaq", "zerodha-kite", "stripe-remote",
                "mcp-crypto-price", "exchange-rate-mcp", "Asset_Price_MCP", "web3-research-mcp"],
}


def corpus_servers() -> dict:
    """Every MCP server of the corpus: name -> its tools as MCP tools (name, description, inputSchema)."""
    from schemalint.loaders import load_paths

    mcp = os.path.join(CORPUS, "mcp")
    servers: dict = {}

    def add(server, tools):
        servers.setdefault(server, []).extend(
            {"name": t.name, "description": t.description or "", "inputSchema": t.input_schema} for t in tools)

    add("github", load_paths([os.path.join(mcp, "github-mcp-server", "tools_list.json")]).tools)
    add("posthog", load_paths([os.path.join(mcp, "posthog-mcp")]).tools)
    registry = os.path.join(mcp, "docker-mcp-registry")
    for name in sorted(os.listdir(registry)):
        path = os.path.join(registry, name, "tools.json")
        if os.path.exists(path):
            add(name, load_paths([path]).tools)
    bench = load_paths([os.path.join(mcp, "livemcpbench", "LiveMCPTool_tools.json")]).tools
    for tool in bench:  # /<entry>/tools/<server>/tools/<n>
        add(tool.pointer.split("/")[3].replace("~1", "/").replace("~0", "~"), [tool])
    return servers


def captures(paths: list[str]) -> dict:
    servers = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        named = data.get("x-mcp-server") if isinstance(data, dict) else None
        servers[named or os.path.basename(path).removesuffix(".json")] = data["tools"] if isinstance(data, dict) else data
    return servers


def run(servers: dict) -> list[dict]:
    tools = [{**tool, "x-mcp-server": server} for server, listed in servers.items() for tool in listed]
    with tempfile.TemporaryDirectory(prefix="sl-cross-") as work:
        path = os.path.join(work, "servers.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"tools": tools}, fh, indent=2, ensure_ascii=False)
        result = subprocess.run([sys.executable, "-m", "schemalint", "check", path, "--select", RULES,
                                 "--format", "json", "--fail-on", "never"], capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            sys.exit(result.stderr)
        findings = json.loads(result.stdout)["findings"]
    by_pointer = {}
    for n, tool in enumerate(tools):
        by_pointer[n] = tool["x-mcp-server"]
    for finding in findings:
        index = int(finding["pointer"].split("/")[2]) if finding.get("pointer", "").startswith("/tools/") else None
        finding["server"] = by_pointer.get(index, "?")
    return findings


def key(finding: dict) -> str:
    """What a verdict is about, whichever servers a set holds: the two servers of a name (in either order), or
    the server, tool and the other server's tool it names."""
    if finding["rule"] == "tool-name-on-several-servers":
        other = re.search(r"also listed by server '([^']*)'", finding["message"]).group(1)
        first, second = sorted([finding["server"], other])
        return f"{finding['rule']}: '{finding['tool']}' on {first} and {second}"
    ref, other = re.search(r"names '([^']*)', a tool of server '([^']*)'", finding["message"]).groups()
    return f"{finding['rule']}: {finding['server']}/{finding['tool']} names '{ref}' of {other}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="all", choices=[*SETS, "all", "every", "none"],
                        help="corpus servers to connect together; every: each set and all, one after the other")
    parser.add_argument("--judged", help="verdicts given by hand (JSON lines: key, verdict, reason)")
    parser.add_argument("captures", nargs="*", help="tools/list captures, each one server")
    args = parser.parse_args()
    known = corpus_servers() if args.set != "none" else {}
    names = [*SETS, "all"] if args.set == "every" else [args.set]
    findings, seen = [], set()
    for name in names:
        servers = known if name == "all" else {n: known[n] for n in SETS.get(name, ())}
        servers = {**servers, **captures(args.captures)}
        found = run(servers)
        print(f"{name}: {len(servers)} servers, {sum(map(len, servers.values()))} tools, {len(found)} findings")
        for finding in found:  # a pair found in several sets is one finding
            if key(finding) not in seen:
                seen.add(key(finding))
                findings.append(finding)
    verdicts = {}
    if args.judged:
        with open(args.judged, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    entry = json.loads(line)
                    verdicts[entry["key"]] = entry
    counts: dict = {}
    for finding in findings:
        verdict = verdicts.get(key(finding), {}).get("verdict", "unjudged")
        counts.setdefault(finding["rule"], {}).setdefault(verdict, 0)
        counts[finding["rule"]][verdict] += 1
        if not args.judged or verdict == "unjudged":
            print(json.dumps({"key": key(finding), "message": finding["message"]}, ensure_ascii=False))
    if args.judged:
        print(f"distinct findings over the sets: {len(findings)}")
        for rule, by in sorted(counts.items()):
            true, false = by.get("true", 0), by.get("false", 0)
            judged = true + false
            precision = f"{true / judged:.0%}" if judged else "-"
            print(f"{rule}: {sum(by.values())} findings, {true} true, {false} false, "
                  f"{by.get('debatable', 0)} debatable, {by.get('unjudged', 0)} unjudged, precision {precision}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
