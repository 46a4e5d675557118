package org.vigil.gateway.export;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.gateway.fhir.FhirContextHolder;

/**
 * A real FHIR server for export tests: HAPI's plain {@link RestfulServer} in embedded Jetty on
 * 127.0.0.1, with in-memory Patient, Device and Observation stores. It supports what the exporter
 * relies on, as a FHIR server does: transaction Bundles processed atomically, conditional create
 * ({@code ifNoneExist}), conditional update ({@code PUT Type?identifier=}) and conditional
 * references. An Observation whose subject matches no Patient is refused with 422 and an
 * OperationOutcome. It can be stopped and started again on the same port.
 */
public final class InMemoryFhirServer implements AutoCloseable {

    private final Map<String, Map<String, Resource>> stores = new LinkedHashMap<>();
    private final List<String> createdObservationIdentifiers = new ArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger transactionsReceived = new AtomicInteger();
    private int observationsReceived;
    private volatile String lastAuthorization;
    private volatile boolean failing;
    private Server jetty;
    private int port;

    public InMemoryFhirServer() {
        for (String type : List.of("Patient", "Device", "Observation")) stores.put(type, new LinkedHashMap<>());
    }

    public synchronized InMemoryFhirServer start() throws Exception {
        RestfulServer fhir = new RestfulServer(FhirContextHolder.r4());
        fhir.registerProviders(new ReadProvider(Patient.class), new ReadProvider(Device.class),
                new ReadProvider(Observation.class), new TransactionProvider());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
        return this;
    }

    public synchronized void stop() throws Exception {
        if (jetty != null) jetty.stop();
        jetty = null;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/fhir");
    }

    public synchronized List<Resource> resources(String type) {
        return new ArrayList<>(stores.get(type).values());
    }

    /** Identifiers of created Observations in the order the server created them. */
    public synchronized List<String> createdObservationIdentifiers() {
        return new ArrayList<>(createdObservationIdentifiers);
    }

    /** Observations in committed transactions, those that matched an existing one (re-sent) included. */
    public synchronized int observationsReceived() {
        return observationsReceived;
    }

    /** Transactions that reached the server, those it refused or failed included. */
    public int transactionsReceived() {
        return transactionsReceived.get();
    }

    /** While failing, every transaction is answered 500 with an OperationOutcome. */
    void failing(boolean failing) {
        this.failing = failing;
    }

    String lastAuthorization() {
        return lastAuthorization;
    }

    private synchronized Bundle process(Bundle request) {
        Map<String, Map<String, Resource>> staged = new LinkedHashMap<>();
        stores.forEach((type, store) -> staged.put(type, new LinkedHashMap<>(store)));
        List<String> created = new ArrayList<>();
        Map<String, String> fullUrls = new LinkedHashMap<>();
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            Resource resource = entry.getResource().copy();
            String type = resource.fhirType();
            Bundle.BundleEntryRequestComponent how = entry.getRequest();
            if (resource instanceof Observation observation) {
                resolve(staged, observation.getSubject(), fullUrls);
                resolve(staged, observation.getDevice(), fullUrls);
            }
            String status;
            String id;
            if (how.getMethod() == Bundle.HTTPVerb.POST) {
                Resource existing = how.hasIfNoneExist() ? match(staged, type, how.getIfNoneExist()) : null;
                if (existing != null) {
                    id = existing.getIdElement().getIdPart();
                    status = "200 OK";
                } else {
                    id = create(staged, resource);
                    if (resource instanceof Observation observation) created.add(observation.getIdentifierFirstRep().getValue());
                    status = "201 Created";
                }
            } else if (how.getMethod() == Bundle.HTTPVerb.PUT && how.getUrl().contains("?")) {
                String[] typeAndQuery = how.getUrl().split("\\?", 2);
                Resource existing = match(staged, typeAndQuery[0], typeAndQuery[1]);
                if (existing != null) {
                    id = existing.getIdElement().getIdPart();
                    resource.setId(new IdType(type, id));
                    staged.get(type).put(id, resource);
                    status = "200 OK";
                } else {
                    id = create(staged, resource);
                    status = "201 Created";
                }
            } else {
                throw new InvalidRequestException("unsupported transaction entry " + how.getMethod() + " " + how.getUrl());
            }
            if (entry.hasFullUrl()) fullUrls.put(entry.getFullUrl(), type + "/" + id);
            response.addEntry().getResponse().setStatus(status).setLocation(type + "/" + id + "/_history/1");
        }
        stores.clear();
        stores.putAll(staged);
        createdObservationIdentifiers.addAll(created);
        observationsReceived += (int) request.getEntry().stream().filter(e -> e.getResource() instanceof Observation).count();
        return response;
    }

    private String create(Map<String, Map<String, Resource>> staged, Resource resource) {
        String id = String.valueOf(nextId.getAndIncrement());
        resource.setId(new IdType(resource.fhirType(), id));
        staged.get(resource.fhirType()).put(id, resource);
        return id;
    }

    private static void resolve(Map<String, Map<String, Resource>> staged, Reference reference, Map<String, String> fullUrls) {
        if (!reference.hasReference()) return;
        String target = reference.getReference();
        if (fullUrls.containsKey(target)) {
            reference.setReference(fullUrls.get(target));
        } else if (target.contains("?")) {
            String[] typeAndQuery = target.split("\\?", 2);
            Resource found = match(staged, typeAndQuery[0], typeAndQuery[1]);
            if (found == null) throw unprocessable("no " + typeAndQuery[0] + " matches " + typeAndQuery[1]);
            reference.setReference(typeAndQuery[0] + "/" + found.getIdElement().getIdPart());
        } else if (!staged.getOrDefault(target.split("/")[0], Map.of()).containsKey(target.split("/")[1])) {
            throw unprocessable("reference " + target + " not found");
        }
    }

    private static Resource match(Map<String, Map<String, Resource>> staged, String type, String query) {
        if (!query.startsWith("identifier=")) throw new InvalidRequestException("only identifier= conditions: " + query);
        String token = query.substring("identifier=".length());
        String[] systemValue = token.split("\\|", 2);
        for (Resource candidate : staged.get(type).values()) {
            for (Identifier identifier : identifiersOf(candidate)) {
                if (systemValue[0].equals(identifier.getSystem()) && systemValue[1].equals(identifier.getValue())) return candidate;
            }
        }
        return null;
    }

    private static List<Identifier> identifiersOf(Resource resource) {
        if (resource instanceof Patient patient) return patient.getIdentifier();
        if (resource instanceof Device device) return device.getIdentifier();
        if (resource instanceof Observation observation) return observation.getIdentifier();
        return List.of();
    }

    private static UnprocessableEntityException unprocessable(String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(diagnostics);
        return new UnprocessableEntityException(FhirContextHolder.r4(), outcome);
    }

    /** System-level provider: transaction. */
    public final class TransactionProvider {
        @Transaction
        public Bundle transaction(@TransactionParam Bundle bundle, HttpServletRequest request) {
            lastAuthorization = request.getHeader("Authorization");
            transactionsReceived.incrementAndGet();
            if (failing) throw new InternalErrorException("database unavailable");
            return process(bundle);
        }
    }

    /** Read and search by identifier for one resource type. */
    public final class ReadProvider implements IResourceProvider {
        private final Class<? extends Resource> type;

        ReadProvider(Class<? extends Resource> type) {
            this.type = type;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return type;
        }

        @Read
        public Resource read(@IdParam IdType id) {
            synchronized (InMemoryFhirServer.this) {
                Resource found = stores.get(type.getSimpleName()).get(id.getIdPart());
                if (found == null) throw new ResourceNotFoundException(id);
                return found;
            }
        }

        @Search
        public List<Resource> byIdentifier(@RequiredParam(name = "identifier") TokenParam identifier) {
            synchronized (InMemoryFhirServer.this) {
                Resource found = match(stores, type.getSimpleName(), "identifier=" + identifier.getSystem() + "|" + identifier.getValue());
                return found == null ? List.of() : List.of(found);
            }
        }
    }
}
