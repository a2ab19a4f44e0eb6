package org.homeautomation.backup.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import javax.servlet.http.HttpServletRequest;

/**
 * Reads the fields of the page's form posts ({@code application/x-www-form-urlencoded}).
 */
final class FormFields {
    private FormFields() {
    }

    /** @return the field's value without surrounding blanks, or null when it is missing or blank */
    static String text(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    /** @return every non-blank value of a repeated field, in order, without repeats */
    static List<String> list(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    out.add(v.strip());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * A password as typed: not stripped, since blanks may be part of it.
     *
     * @return its characters, which the caller wipes after use, or null when the field is missing or empty
     */
    static char[] password(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null || value.isEmpty() ? null : value.toCharArray();
    }
}
