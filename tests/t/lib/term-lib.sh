# term-lib.sh: drive a real terminal with tmux, on a server of the test's own (never the host's).
# Usage, after test-lib.sh: term_start NAME COMMAND; term_type NAME TEXT; term_keys NAME KEY...;
# term_wait NAME REGEX [SECONDS]; term_screen NAME.

TERM_SOCK=$TRASH/tmux.sock
TERM=${TERM:-xterm}
export TERM

term_tmux() {
	tmux -f /dev/null -S "$TERM_SOCK" "$@"
}

# term_start NAME COMMAND: COMMAND (a shell command line) in a new 160x50 terminal. When it ends,
# the terminal stays, and shows "[exit STATUS]".
term_start() {
	_name=$1; shift
	term_tmux new-session -d -s "$_name" -x 160 -y 50 \
	    "$* ; echo \"[exit \$?]\"; sleep 3600"
	term_tmux set-option -t "$_name" history-limit 20000 >/dev/null
}

# term_type NAME TEXT: type TEXT and Enter.
term_type() {
	term_tmux send-keys -t "$1" -l "$2"
	term_tmux send-keys -t "$1" Enter
}

# term_keys NAME KEY...: tmux key names (C-b, Enter, ...).
term_keys() {
	_name=$1; shift
	term_tmux send-keys -t "$_name" "$@"
}

# term_screen NAME: the whole terminal, scrollback included, lines joined.
term_screen() {
	term_tmux capture-pane -p -J -t "$1" -S -20000
}

# term_wait NAME REGEX [SECONDS]: until the terminal shows REGEX.
term_wait() {
	_n=$(( ${3:-30} * 5 ))
	while [ "$_n" -gt 0 ]; do
		term_screen "$1" | grep -Eq -- "$2" && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# term_count NAME REGEX: how many lines of the terminal match.
term_count() {
	term_screen "$1" | grep -Ec -- "$2"
}

term_stop_all() {
	[ -S "$TERM_SOCK" ] && term_tmux kill-server >/dev/null 2>&1
	return 0
}
