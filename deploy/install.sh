#!/bin/sh
# bosun: installs this host's agent as the systemd service bosun-agent.
#
# The manager serves this script at <manager>/install.sh with its address and the agent's unit
# filled in; paste the line its Add host dialog (or `bosun token create`) prints, as root:
#   curl -fsSL <manager>/install.sh | BOSUN_JOIN_TOKEN=<token> sh
# Running it again upgrades the agent to the manager's version and restarts it (no token needed
# once the host has joined). To remove the agent (its credential stays unless --purge):
#   curl -fsSL <manager>/install.sh | sh -s -- --uninstall [--purge]
#
# It needs systemd, Node.js 20.6 or newer as `node`, Docker, curl, and useradd/groupadd. Hosts
# without them run the agent as a container instead (the other line Add host prints).
set -eu

BOSUN_MANAGER_URL='@BOSUN_MANAGER_URL@'
MANAGER=${BOSUN_MANAGER:-$BOSUN_MANAGER_URL}

AGENT_DIR=/usr/local/lib/bosun
AGENT_FILE=$AGENT_DIR/bosun-agent.mjs
ENV_DIR=/etc/bosun
ENV_FILE=$ENV_DIR/agent.env
UNIT=bosun-agent
UNIT_FILE=/etc/systemd/system/$UNIT.service
STATE_DIR=/var/lib/bosun/agent
CREDENTIAL=$STATE_DIR/credential.json
# Seconds to wait for the agent's first connection to the manager.
JOIN_WAIT=${BOSUN_JOIN_WAIT:-90}
CONTAINER_HINT='use the container form from Add host instead (docker run ... bosun-agent), which needs only Docker'

say() { printf 'bosun: %s\n' "$*"; }
fail() {
	printf 'bosun: %s\n' "$*" >&2
	exit 1
}

# The unit exactly as the repository ships it (deploy/systemd/bosun-agent.service).
write_unit() {
	cat <<'BOSUN_UNIT'
@BOSUN_AGENT_UNIT@
BOSUN_UNIT
}

uninstall=no
purge=no
for arg in "$@"; do
	case $arg in
	--uninstall) uninstall=yes ;;
	--purge) purge=yes ;;
	*) fail "unknown option $arg (known: --uninstall, --purge)" ;;
	esac
done
if [ "$purge" = yes ] && [ "$uninstall" = no ]; then
	fail '--purge goes with --uninstall'
fi

if [ "$(id -u)" != 0 ]; then
	fail "this script installs a system service and must run as root: pipe it to 'sudo sh' (sudo BOSUN_JOIN_TOKEN=... sh keeps the token)"
fi
if [ ! -d /run/systemd/system ]; then
	fail "systemd is not running on this host, so the agent cannot run as a service here; $CONTAINER_HINT"
fi

if [ "$uninstall" = yes ]; then
	say "stopping and disabling $UNIT"
	systemctl disable --now "$UNIT" >/dev/null 2>&1 || true
	say "removing $UNIT_FILE, $AGENT_FILE and $ENV_FILE"
	rm -f "$UNIT_FILE" "$AGENT_FILE" "$ENV_FILE"
	rmdir "$AGENT_DIR" "$ENV_DIR" 2>/dev/null || true
	systemctl daemon-reload
	if [ "$purge" = yes ]; then
		say "removing $STATE_DIR (this host's credential) and the user bosun"
		rm -rf "$STATE_DIR"
		rmdir /var/lib/bosun 2>/dev/null || true
		userdel bosun >/dev/null 2>&1 || true
	else
		say "kept $STATE_DIR: this host's credential, so installing again rejoins as the same host (--purge removes it)"
	fi
	say 'done; revoke the host in the manager (Fleet, the host, Revoke) if it is gone for good'
	exit 0
fi

case $MANAGER in
@*) fail 'this copy of the script names no manager: download it from your manager (curl -fsSL <manager>/install.sh) or set BOSUN_MANAGER' ;;
http://* | https://*) ;;
*) fail "BOSUN_MANAGER must be the manager's http:// or https:// URL, not $MANAGER" ;;
esac
case $MANAGER in
*[!A-Za-z0-9.:/_%@\[\]-]*) fail "the manager's URL $MANAGER holds characters this script does not accept" ;;
esac
case $(write_unit) in
@BOSUN_AGENT_UNIT@*) fail 'this copy of the script carries no agent unit: download it from your manager (curl -fsSL <manager>/install.sh)' ;;
esac

say "installing the bosun agent for the manager at $MANAGER"

# Node.js: the single-file agent runs on 20.6 or newer.
node=$(command -v node 2>/dev/null || true)
if [ -z "$node" ]; then
	fail "Node.js is not installed (no node on the PATH); the agent needs Node.js 20.6 or newer: install it (nodejs.org, NodeSource) or $CONTAINER_HINT"
fi
version=$("$node" -v 2>/dev/null || true)
version=${version#v}
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
case $major$minor in
'' | *[!0-9]*) fail "cannot tell the version of $node (it said '$version'); the agent needs Node.js 20.6 or newer" ;;
esac
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 6 ]; }; then
	fail "this host's Node.js is $version ($node) and the agent needs 20.6 or newer (Debian 12's own nodejs package is 18): install a newer one (nodejs.org, NodeSource) or $CONTAINER_HINT"
fi
case $node in
/home/* | /root/*) fail "$node lies in a home folder, which the service cannot read (ProtectHome): install Node.js system-wide or $CONTAINER_HINT" ;;
esac
say "found Node.js $version at $node"

# Docker: the agent reaches it through the socket, as a member of the docker group.
if ! grep -q '^docker:' /etc/group; then
	fail "this host has no docker group: install Docker (its package creates the group) or $CONTAINER_HINT"
fi
if [ ! -S /var/run/docker.sock ]; then
	fail 'no Docker socket at /var/run/docker.sock: is Docker installed and running?'
fi
command -v curl >/dev/null 2>&1 || fail 'curl is needed to download the agent'

# The join token: needed until the host has joined, never after.
token=${BOSUN_JOIN_TOKEN:-}
if [ -f "$CREDENTIAL" ]; then
	if [ -n "$token" ]; then
		say "this host has joined already ($CREDENTIAL): the join token is not needed and stays unused"
	fi
	token=
elif [ -z "$token" ] && [ -f "$ENV_FILE" ]; then
	# A run that stopped before the agent joined left its token behind; try it again.
	token=$(sed -n 's/^BOSUN_JOIN_TOKEN=//p' "$ENV_FILE")
fi
if [ ! -f "$CREDENTIAL" ] && [ -z "$token" ]; then
	fail 'BOSUN_JOIN_TOKEN is needed for the first install: create one in the manager (Add host, or bosun token create) and paste the line it prints'
fi
case $token in
*[!A-Za-z0-9_-]*) fail 'BOSUN_JOIN_TOKEN is not a join token (letters, digits, - and _ only)' ;;
esac

# The user the service runs as: a system user without a login, in the docker group.
if ! grep -q '^bosun:' /etc/group; then
	say 'creating the system group bosun'
	groupadd --system bosun
fi
if id bosun >/dev/null 2>&1; then
	say 'the system user bosun exists; making sure it is in the docker group'
	usermod -a -G docker bosun
else
	say 'creating the system user bosun (no login, no home folder) in the docker group'
	useradd --system --gid bosun --groups docker --no-create-home --home-dir /var/lib/bosun \
		--shell /usr/sbin/nologin bosun
fi

say "downloading the agent from $MANAGER/download/bosun-agent to $AGENT_FILE"
mkdir -p "$AGENT_DIR"
tmp=$AGENT_FILE.$$.tmp
if ! curl -fsSL -o "$tmp" "$MANAGER/download/bosun-agent"; then
	rm -f "$tmp"
	fail "could not download the agent from $MANAGER/download/bosun-agent"
fi
chmod 0644 "$tmp"
mv -f "$tmp" "$AGENT_FILE"

# systemd's default PATH may not hold the node found above: name its folder first.
write_env() {
	tmp=$ENV_FILE.$$.tmp
	(
		umask 077
		{
			echo "# Written by bosun's install script; read by the $UNIT service."
			echo "BOSUN_MANAGER=$MANAGER"
			if [ -n "$1" ]; then echo "BOSUN_JOIN_TOKEN=$1"; fi
			echo "PATH=${node%/*}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
		} >"$tmp"
	)
	chown root:bosun "$tmp"
	chmod 0640 "$tmp"
	mv -f "$tmp" "$ENV_FILE"
}
say "writing $ENV_FILE (the manager's address${token:+ and the join token, until the agent has joined})"
mkdir -p "$ENV_DIR"
chmod 0755 "$ENV_DIR"
write_env "$token"

say "installing the service unit $UNIT_FILE"
mkdir -p "${UNIT_FILE%/*}"
tmp=$UNIT_FILE.$$.tmp
write_unit >"$tmp"
chmod 0644 "$tmp"
mv -f "$tmp" "$UNIT_FILE"
systemctl daemon-reload
if systemctl is-active --quiet "$UNIT"; then
	say "restarting $UNIT, which now runs the downloaded agent"
	systemctl restart "$UNIT"
	systemctl enable "$UNIT" >/dev/null
else
	say "enabling and starting $UNIT"
	systemctl enable --now "$UNIT" >/dev/null
fi

if [ -n "$token" ]; then
	say "waiting up to ${JOIN_WAIT}s for the agent to join the manager"
	waited=0
	while [ ! -f "$CREDENTIAL" ]; do
		if systemctl is-failed --quiet "$UNIT"; then
			fail "the agent stopped: see journalctl -u $UNIT (a used or expired token? create a new one and paste its line)"
		fi
		if [ "$waited" -ge "$JOIN_WAIT" ]; then
			fail "the agent has not joined after ${JOIN_WAIT}s: see journalctl -u $UNIT; it keeps trying, and running this script again waits again"
		fi
		sleep 1
		waited=$((waited + 1))
	done
	say "the agent has joined; removing the spent join token from $ENV_FILE"
	write_env ''
fi

say "done: the agent runs as the systemd service $UNIT and comes back after a reboot"
say "  status: systemctl status $UNIT; logs: journalctl -u $UNIT"
say "  upgrade: paste the same curl line again; remove: curl -fsSL $MANAGER/install.sh | sh -s -- --uninstall"
