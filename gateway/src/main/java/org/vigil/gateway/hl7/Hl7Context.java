package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * The one HAPI HL7 v2 context of the process: version 2.6 structures, no validation on the
 * hot path (the builders make what IHE PCD TF-2 asks for; tests check it field by field).
 */
public final class Hl7Context {

    private static final HapiContext CONTEXT = create();

    private Hl7Context() {
    }

    public static HapiContext get() {
        return CONTEXT;
    }

    private static HapiContext create() {
        HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.6"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        // Vigil makes its own MSH-10; HAPI's default generator would write an id_file in the working directory.
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        return context;
    }
}
