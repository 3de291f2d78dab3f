package org.dspam.storage;

/**
 * The rule every driver applies to user names, so that a name can never point outside the data
 * directory or look like an option: not empty, at most 255 bytes (UTF-8), no {@code /}, {@code \},
 * NUL or control characters, not {@code .} or {@code ..}, and not starting with {@code -}.
 * (DSPAM refused only {@code ../} and {@code ..\} and happily created a user called {@code -x}.)
 */
public final class UserNames {
    public static final int MAX_BYTES = 255;

    private UserNames() {
    }

    /** Returns the name, or throws a permanent {@link StorageException} saying what is wrong with it. */
    public static String validate(String user) {
        String problem = problem(user);
        if (problem != null) {
            throw StorageException.permanentFailure("Illegal username '" + printable(user) + "': " + problem);
        }
        return user;
    }

    public static boolean isValid(String user) {
        return problem(user) == null;
    }

    private static String problem(String user) {
        if (user == null || user.isEmpty()) {
            return "empty";
        }
        if (user.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "longer than " + MAX_BYTES + " bytes";
        }
        if (user.equals(".") || user.equals("..")) {
            return "not a name";
        }
        if (user.startsWith("-")) {
            return "may not start with '-'";
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c == '/' || c == '\\') {
                return "'/' and '\\' are not allowed";
            }
            if (c < 0x20 || c == 0x7f) {
                return "control characters are not allowed";
            }
        }
        return null;
    }

    private static String printable(String user) {
        if (user == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(user.length(), 64); i++) {
            char c = user.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
