#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release on Node 20) into $1, with
# the three fixes a closed network needs (see ../shared/notes/editor-tests.md):
#  1. kerberos builds against libkrb5-dev (a Debian package, installed by .ci/run);
#  2. @vscode/ripgrep would download rg: scripts are skipped, Debian's rg is linked in;
#  3. node-pty runs `npx node-gyp`, which npm's yes=false would cancel: npm_config_yes=true.
# Then it does what code-server's own postinstall would have done.
set -euo pipefail
target="$1"
version=4.100.3
stamp="$target/.complete-$version-2"
if [ -f "$stamp" ]; then exit 0; fi
rm -rf "$target"
mkdir -p "$target"
cd "$target"
# A package.json of its own, so npm installs here and not into an enclosing project.
echo '{"name":"code-server-cache","private":true}' > package.json
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

npm install --no-save --ignore-scripts code-server@$version >/dev/null
# code-server's own CLI (used to install a .vsix) needs argon2's native module, built here.
npm rebuild argon2 >/dev/null
vscode="$target/node_modules/code-server/lib/vscode"
cd "$vscode"
npm install --omit=dev --ignore-scripts >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild >/dev/null
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev >/dev/null)
touch "$stamp"
