#!/bin/sh
# Every program with a page in man/ (so each new page is covered): the
# page's OPTIONS section and --help agree on the long options (each one
# --help lists is documented, each one documented is listed), the page has
# the sections every page must have, and groff finds nothing to warn about.
. "${srcdir:-.}/tests/init.sh"

sections='NAME
SYNOPSIS
DESCRIPTION
OPTIONS
EXIT STATUS
EXAMPLES
SEE ALSO'

if command -v groff >/dev/null 2>&1; then
	have_groff=yes
else
	echo "groff is not installed: not checking pages for roff warnings"
	have_groff=no
fi

set -- "$abs_top_srcdir"/man/*.1
test -f "$1" || framework_failure_ "no man pages in $abs_top_srcdir/man"

for page in "$@"; do
	prog=$(basename "$page" .1)

	# The long options --help lists: the first on each option line.
	$prog --help >help 2>err ||
		{ echo "$prog --help failed"; cat err; fail=1; continue; }
	sed -n 's/^ \{1,8\}\(-[A-Za-z0-9], \)\{0,1\}\(--[A-Za-z0-9][-A-Za-z0-9]*\).*/\2/p' \
		help | sort -u >help-opts
	test -s help-opts ||
		{ echo "$prog --help lists no long options"; fail=1; }

	# The long options the page's OPTIONS section documents: those in the
	# tag line of a .TP/.TQ item or in an .IP tag, spelled as roff
	# (\-\-key\-out), so a rendered page can be pasted into a shell.
	sed -n '/^\.SH "\{0,1\}OPTIONS"\{0,1\} *$/,/^\.SH/p' "$page" >options
	test -s options || { echo "$page: no OPTIONS section"; fail=1; }
	awk '
		tag { print; tag = 0; next }
		/^\.T[PQ]/ { tag = 1; next }
		/^\.IP / { print }
	' options |
		grep -o '\\-\\-[A-Za-z0-9]\([A-Za-z0-9]\|\\-\)*' |
		sed 's/\\-/-/g' | sort -u >page-opts
	test -s page-opts ||
		{ echo "$page: OPTIONS documents no long options"; fail=1; }

	# (a) Each option --help lists is documented there.
	while read -r opt; do
		grep -x -F -e "$opt" page-opts >/dev/null ||
			{ echo "$page: $opt (from --help) is not documented in" \
			       "OPTIONS as $(printf '%s\n' "$opt" | sed 's/-/\\-/g')"
			  fail=1; }
	done <help-opts

	# (b) Each option documented there is one the program has.
	while read -r opt; do
		grep -x -F -e "$opt" help-opts >/dev/null ||
			{ echo "$page: documents $opt, which '$prog --help' does" \
			       "not list"; fail=1; }
	done <page-opts

	# (c) The sections every page has, and a title and NAME line that
	# name the program.
	printf '%s\n' "$sections" | while read -r sec; do
		grep -E -x "\.SH \"?$sec\"? *" "$page" >/dev/null ||
			{ echo "$page: no $sec section"; exit 1; }
	done || fail=1
	# (A hyphen in the name may be written - or \-.)
	upper=$(printf '%s\n' "$prog" | tr '[:lower:]' '[:upper:]')
	upper_re=$(printf '%s\n' "$upper" | sed 's/-/(-|\\\\-)/g')
	prog_re=$(printf '%s\n' "$prog" | sed 's/-/(-|\\\\-)/g')
	grep -E "^\.TH \"?$upper_re\"? 1 " "$page" >/dev/null ||
		{ echo "$page: no '.TH $upper 1' title line"; fail=1; }
	sed -n '/^\.SH "\{0,1\}NAME"\{0,1\} *$/{n;p;}' "$page" |
		grep -E "^$prog_re \\\\- " >/dev/null ||
		{ echo "$page: the NAME line is not '$prog \\- ...'"; fail=1; }

	# (d) No roff warnings.
	if test $have_groff = yes; then
		groff -man -ww -z "$page" >groff-out 2>&1
		if test -s groff-out; then
			echo "$page: groff -man -ww warns:"
			cat groff-out
			fail=1
		fi
	fi
done

Exit $fail
