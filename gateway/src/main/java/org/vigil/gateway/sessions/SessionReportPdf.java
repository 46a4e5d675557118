package org.vigil.gateway.sessions;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Renders a {@link SessionReport} as the PDF for the patient's chart (Apache PDFBox): the patient,
 * the dose, the vitals trend chart, the blood-pressure table, the assessments, the alarms with who
 * acknowledged them, the artefacts, readiness and monitoring time, the sign-off and a signature
 * line. Times are UTC. Fonts are the standard 14, so nothing is embedded.
 */
public final class SessionReportPdf {

    /** How the report writes a time. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final float MARGIN = 50;
    private static final float LINE = 14;
    private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final Map<String, Color> SERIES = Map.of("SpO2", new Color(0, 110, 180), "Pulse", new Color(0, 140, 60),
            "Systolic", new Color(190, 30, 30), "Diastolic", new Color(230, 120, 0));

    private final PDDocument document = new PDDocument();
    private PDPageContentStream page;
    private float y;

    private SessionReportPdf() {
    }

    public static byte[] render(SessionReport report) {
        SessionReportPdf pdf = new SessionReportPdf();
        try (PDDocument document = pdf.document) {
            pdf.write(report);
            pdf.page.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the session report", e);
        }
    }

    private void write(SessionReport report) throws IOException {
        ChairSession session = report.session();
        newPage();
        text(BOLD, 16, "Ketamine session monitoring report");
        gap();
        text(REGULAR, 10, "Patient: " + session.patientName() + "   Birth date: "
                + (session.patient().birthDate() == null ? "-" : session.patient().birthDate())
                + "   Identifier: " + session.patient().identifierValue());
        PatientHistory history = session.history();
        text(REGULAR, 10, "Sex: " + (history.sex() == null ? "not recorded" : history.sex().code())
                + "   First treatment: " + yesNo(history.firstTreatment()));
        text(REGULAR, 10, "Concomitant medicines: " + (history.concomitant() == null ? "not recorded" : history.concomitant().isEmpty()
                ? "none of the listed classes" : String.join(", ", history.concomitant().stream()
                .map(PatientHistory.ConcomitantMedicine::label).toList())));
        text(REGULAR, 10, "Chair: " + report.chair() + "   Session: " + session.id());
        text(REGULAR, 10, "Checked in: " + TIME.format(session.checkedInAt()) + " by " + session.checkedInBy()
                + "   Signed off: " + TIME.format(session.signOff().at()) + " by " + session.signOff().by());
        text(BOLD, 10, "Total monitoring: " + report.monitoringMinutes() + " minutes");
        text(BOLD, 10, "Ready to leave at: " + (session.readyAt() == null ? "not reached"
                : TIME.format(session.readyAt()) + report.readyMinutesAfterDose().map(m -> " (" + m + " minutes after the dose)").orElse("")));
        if (session.signOff().overrideReason() != null) {
            text(BOLD, 10, "Signed off with readiness not met: " + session.signOff().overrideReason());
        }
        gap();

        heading("Dose");
        if (session.doses().isEmpty()) text(REGULAR, 10, "No dose recorded.");
        for (Dose dose : session.doses()) {
            text(REGULAR, 10, dose.drug() + " " + number(dose.doseMg()) + " mg " + dose.route() + ", lot " + dose.lot()
                    + ", at " + TIME.format(dose.time()) + " by " + dose.givenBy()
                    + "; vital signs acceptable before dosing: " + yesNo(dose.vitalsAcceptable()));
        }
        Baseline baseline = session.baseline();
        text(REGULAR, 10, baseline == null ? "Baseline: not taken" : "Baseline (" + TIME.format(baseline.at()) + "): SpO2 "
                + number(baseline.spo2()) + " %, pulse " + number(baseline.pulse()) + " /min, BP " + number(baseline.systolic())
                + "/" + number(baseline.diastolic()) + " mmHg");
        gap();

        heading("Vital signs");
        chart(report);
        gap();

        heading("Blood pressure");
        text(REGULAR, 10, "Before dosing: " + bp(report.beforeDosing()) + "   At about 40 minutes: " + bp(report.atFortyMinutes())
                + "   Before completion: " + bp(report.beforeCompletion()));
        row(true, "time", "after dose", "systolic", "diastolic");
        for (SessionReport.BpMeasurement bp : report.bloodPressures()) {
            row(false, TIME.format(bp.at()), afterDose(session, bp.at()), number(bp.systolic()) + " mmHg",
                    number(bp.diastolic()) + " mmHg");
        }
        gap();

        heading("Assessments");
        if (session.assessments().isEmpty()) text(REGULAR, 10, "None recorded.");
        else row(true, "time", "sedation (MOAA/S)", "dissociation", "respiratory depression");
        for (SessionAssessment a : session.assessments()) {
            row(false, TIME.format(a.at()) + " " + a.by(), String.valueOf(a.sedation()), a.dissociation().name().toLowerCase(),
                    a.respiratoryDepression() ? "yes" : "no");
            if (a.note() != null) text(REGULAR, 9, "    note: " + a.note());
        }
        gap();

        heading("Alarms");
        if (report.alarms().isEmpty()) text(REGULAR, 10, "No alarms during the session.");
        else row(true, "raised", "alarm", "priority", "acknowledged by");
        for (SessionReport.AlarmSummary alarm : report.alarms()) {
            row(false, TIME.format(alarm.raisedAt()), alarm.rule() + (alarm.value() == null ? "" : " (" + number(alarm.value()) + ")"),
                    alarm.priority().toLowerCase() + " " + alarm.category().toLowerCase(),
                    alarm.acknowledgedBy() == null ? "not acknowledged" : alarm.acknowledgedBy() + " at " + CLOCK.format(alarm.acknowledgedAt()));
        }
        gap();

        heading("Charted values marked not valid");
        if (report.artefacts().isEmpty()) text(REGULAR, 10, "None.");
        for (Artefact artefact : report.artefacts()) {
            text(REGULAR, 10, artefact.vital() + " at " + TIME.format(artefact.time()) + ": " + artefact.reason() + " ("
                    + artefact.markedBy() + ")");
        }
        gap();

        heading("Discharge readiness at sign-off");
        for (Readiness.Criterion criterion : report.readinessAtSignOff().criteria()) {
            text(REGULAR, 9, (criterion.met() ? "met      " : "not met  ") + criterion.id() + ": " + criterion.detail());
        }
        gap();
        gap();
        text(REGULAR, 10, "Monitoring provider signature: ______________________________   Date: ______________");
    }

    private void chart(SessionReport report) throws IOException {
        float height = 160;
        float width = PDRectangle.A4.getWidth() - 2 * MARGIN - 30;
        need(height + 30);
        float left = MARGIN + 30;
        float bottom = y - height;
        Instant from = report.session().checkedInAt();
        Instant to = report.session().signOff().at();
        double span = Math.max(1, Duration.between(from, to).toSeconds());
        double low = 40;
        double high = 200;
        page.setStrokingColor(Color.LIGHT_GRAY);
        page.setLineWidth(0.5f);
        for (int v = 40; v <= 200; v += 40) {
            float gy = bottom + (float) ((v - low) / (high - low) * height);
            page.moveTo(left, gy);
            page.lineTo(left + width, gy);
            page.stroke();
            label(MARGIN, gy - 3, String.valueOf(v));
        }
        for (long m = 0; m * 60 <= span; m += 30) {
            float gx = left + (float) (m * 60 / span * width);
            label(gx - 8, bottom - 12, "+" + m + " min");
        }
        for (String series : List.of("SpO2", "Pulse", "Systolic", "Diastolic")) {
            page.setStrokingColor(SERIES.get(series));
            page.setLineWidth(1.2f);
            boolean first = true;
            for (SessionReport.TrendPoint point : report.trend()) {
                if (!point.series().equals(series)) continue;
                float px = left + (float) (Duration.between(from, point.at()).toSeconds() / span * width);
                float py = bottom + (float) ((Math.max(low, Math.min(high, point.value())) - low) / (high - low) * height);
                if (first) page.moveTo(px, py);
                else page.lineTo(px, py);
                first = false;
            }
            if (!first) page.stroke();
        }
        page.setStrokingColor(Color.BLACK);
        y = bottom - 26;
        text(REGULAR, 8, "SpO2 %, pulse /min, systolic and diastolic mmHg, from check-in (+0 min) to sign-off;"
                + " validated values, per-minute means for SpO2 and pulse.");
    }

    private static String bp(Optional<SessionReport.BpMeasurement> bp) {
        return bp.map(m -> number(m.systolic()) + "/" + number(m.diastolic()) + " mmHg (" + CLOCK.format(m.at()) + ")").orElse("none");
    }

    private static String afterDose(ChairSession session, Instant at) {
        return session.doseTime().map(d -> at.isBefore(d) ? "before" : "+" + Duration.between(d, at).toMinutes() + " min").orElse("-");
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    private void heading(String text) throws IOException {
        need(3 * LINE);
        text(BOLD, 12, text);
    }

    private void row(boolean header, String... cells) throws IOException {
        need(LINE);
        float[] columns = {MARGIN, MARGIN + 140, MARGIN + 280, MARGIN + 370};
        for (int i = 0; i < cells.length; i++) {
            page.beginText();
            page.setFont(header ? BOLD : REGULAR, 9);
            page.newLineAtOffset(columns[i], y);
            page.showText(printable(cells[i]));
            page.endText();
        }
        y -= LINE - 2;
    }

    private static String yesNo(Boolean answer) {
        return answer == null ? "not recorded" : answer ? "yes" : "no";
    }

    private void text(PDType1Font font, float size, String text) throws IOException {
        need(LINE);
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(MARGIN, y);
        page.showText(printable(text));
        page.endText();
        y -= size + 4;
    }

    private void label(float x, float at, String text) throws IOException {
        page.beginText();
        page.setFont(REGULAR, 7);
        page.newLineAtOffset(x, at);
        page.showText(text);
        page.endText();
    }

    private void gap() {
        y -= LINE / 2;
    }

    private void need(float space) throws IOException {
        if (y - space < MARGIN) newPage();
    }

    private void newPage() throws IOException {
        if (page != null) page.close();
        PDPage next = new PDPage(PDRectangle.A4);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    /** The standard fonts encode WinAnsi only; anything else is shown as '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) out.append((c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF) ? c : '?');
        return out.toString();
    }
}
