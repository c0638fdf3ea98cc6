// Runs the `schemalint` found on the worktree's PATH as `schemalint server`.
use zed_extension_api::{self as zed, Result};

struct Schemalint;

impl zed::Extension for Schemalint {
    fn new() -> Self {
        Schemalint
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree
            .which("schemalint")
            .ok_or_else(|| "schemalint is not on PATH: pip install schemalint".to_string())?;
        Ok(zed::Command { command, args: vec!["server".into()], env: Default::default() })
    }
}

zed::register_extension!(Schemalint);
