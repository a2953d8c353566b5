#!/bin/sh
# Installs the one-folder build (make dist) for the current user, or removes it again:
#   packaging/linux/install.sh [BUILD_FOLDER]     default: dist/privacy-desk of this checkout
#   packaging/linux/install.sh --uninstall
# The program goes to ~/.local/lib/privacy-desk with a link in ~/.local/bin; the menu entry,
# icons and AppStream metadata to $XDG_DATA_HOME (~/.local/share). No root, nothing outside
# the home folder. The practice's records (its data folder) are never touched.
set -eu

ID=org.privacydesk.PrivacyDesk
HERE=$(cd "$(dirname "$0")" && pwd)
PACKAGING=$(dirname "$HERE")
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
PROGRAM_DIR=$HOME/.local/lib/privacy-desk
LINK=$HOME/.local/bin/privacy-desk
SIZES="16 32 48 64 128 256"

refresh_caches() {
    # Menus and icon themes notice new files by themselves on most desktops; these only
    # speed that up, and are absent on many systems.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$DATA/icons/hicolor" 2>/dev/null || true
    fi
}

uninstall_program() {
    rm -f "$DATA/applications/$ID.desktop" "$DATA/metainfo/$ID.metainfo.xml" \
        "$DATA/icons/hicolor/scalable/apps/$ID.svg"
    for size in $SIZES; do
        rm -f "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
    done
    # Only our own link: a privacy-desk installed otherwise (pip, a package) stays.
    if [ -L "$LINK" ] && [ "$(readlink "$LINK")" = "$PROGRAM_DIR/privacy-desk" ]; then
        rm -f "$LINK"
    fi
    rm -rf "$PROGRAM_DIR"
    refresh_caches
    echo "Privacy Desk removed (the practice's records were left where they are)."
}

install_program() {
    build=$1
    if [ ! -x "$build/privacy-desk" ]; then
        echo "No built program in $build: run make dist first, or name the build folder." >&2
        exit 1
    fi
    mkdir -p "$(dirname "$PROGRAM_DIR")" "$(dirname "$LINK")" "$DATA/applications" \
        "$DATA/metainfo" "$DATA/icons/hicolor/scalable/apps"
    # Into a new folder first, then swapped in: a failed copy leaves the old version working.
    rm -rf "$PROGRAM_DIR.new"
    cp -R "$build" "$PROGRAM_DIR.new"
    rm -rf "$PROGRAM_DIR"
    mv "$PROGRAM_DIR.new" "$PROGRAM_DIR"
    ln -sfn "$PROGRAM_DIR/privacy-desk" "$LINK"
    # The menu entry names the program by its full path: ~/.local/bin is not on every
    # desktop session's PATH.
    sed -e "s|^Exec=privacy-desk|Exec=$PROGRAM_DIR/privacy-desk|" \
        -e "s|^TryExec=privacy-desk|TryExec=$PROGRAM_DIR/privacy-desk|" \
        "$HERE/$ID.desktop" >"$DATA/applications/$ID.desktop"
    cp "$HERE/$ID.metainfo.xml" "$DATA/metainfo/$ID.metainfo.xml"
    cp "$PACKAGING/icons/privacy-desk.svg" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
    for size in $SIZES; do
        mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
        cp "$PACKAGING/icons/privacy-desk-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
    done
    refresh_caches
    echo "Privacy Desk installed: $PROGRAM_DIR (menu entry $DATA/applications/$ID.desktop)."
}

case "${1:-}" in
    --uninstall) uninstall_program ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) install_program "${1:-$(dirname "$PACKAGING")/dist/privacy-desk}" ;;
esac
