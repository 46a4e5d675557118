package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's answer to one message (HL7 v2.6 section 2.9.2, original acknowledgement mode):
 * MSA-1 {@code AA} accepted, {@code AE} error, {@code AR} rejected, with MSA-2 the control id it
 * answers and the error text of MSA-3 and ERR (ERR-3 code and its original text, ERR-7, ERR-8).
 */
record Acknowledgement(String code, String controlId, String errorText) {

    boolean accepted() {
        return code.equals("AA") || code.equals("CA");
    }

    boolean refused() {
        return code.equals("AE") || code.equals("AR") || code.equals("CE") || code.equals("CR");
    }

    /** Parses an ACK; throws when it is not one, which the sender treats as no answer. */
    static Acknowledgement parse(String text) throws HL7Exception {
        Message ack = Hl7Context.get().getGenericParser().parse(text);
        Terser terser = new Terser(ack);
        String code = orEmpty(terser.get("/MSA-1"));
        if (code.isEmpty()) throw new HL7Exception("the answer has no MSA-1");
        List<String> texts = new ArrayList<>();
        add(texts, terser.get("/MSA-3"));
        for (int e = 0; e < 5; e++) {
            String segment = "/ERR(" + e + ")";
            String errorCode = safe(terser, segment + "-3-1");
            String errorName = safe(terser, segment + "-3-2");
            String original = safe(terser, segment + "-3-9");
            String diagnostic = safe(terser, segment + "-7");
            String user = safe(terser, segment + "-8");
            if (errorCode == null && errorName == null && original == null && diagnostic == null && user == null) break;
            add(texts, join(errorCode, errorName));
            add(texts, original);
            add(texts, diagnostic);
            add(texts, user);
        }
        return new Acknowledgement(code, orEmpty(terser.get("/MSA-2")), String.join("; ", texts));
    }

    private static String safe(Terser terser, String path) {
        try {
            String value = terser.get(path);
            return value == null || value.isBlank() ? null : value;
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    private static String join(String code, String name) {
        if (code == null) return name;
        return name == null ? code : code + " " + name;
    }

    private static void add(List<String> texts, String text) {
        if (text != null && !text.isBlank() && !texts.contains(text)) texts.add(text);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
