// Starts `schemalint server` for JSON, YAML and Python files; the server decides which of them hold tools.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("schemalint").get("command");
  client = new LanguageClient(
    "schemalint",
    "schemalint",
    { command, args },
    {
      documentSelector: ["json", "jsonc", "yaml", "python"].map((language) => ({ scheme: "file", language })),
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{schemalint.toml,pyproject.toml}"),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
