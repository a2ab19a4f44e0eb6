package org.homeautomation.backup.console;

import org.homeautomation.backup.api.BackupEntry;

/** An entry's type and permissions as {@code ls -l} shows them: {@code drwxr-x---}, {@code -rwsr-xr-x}. */
final class ModeText {
    private ModeText() {
    }

    static String of(BackupEntry e) {
        char type = switch (e.type()) {
            case FOLDER -> 'd';
            case SYMLINK -> 'l';
            case HARD_LINK -> 'h';
            case FILE -> '-';
        };
        int m = e.mode();
        StringBuilder s = new StringBuilder(10).append(type);
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = m >> shift;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-');
            boolean special = shift == 6 ? (m & 04000) != 0 : shift == 3 ? (m & 02000) != 0 : (m & 01000) != 0;
            char exec = shift == 0 ? 't' : 's';
            s.append(special ? ((bits & 1) != 0 ? exec : Character.toUpperCase(exec)) : (bits & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }
}
