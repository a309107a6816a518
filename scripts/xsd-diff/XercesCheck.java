/*
 * The XSD verdict of the official engine, for the differential check of scripts/xsd-diff.mjs:
 * the JDK's built-in Xerces, set up as the KoSIT validator sets it up with its default
 * (strict) resolving strategy.
 *
 *   java scripts/xsd-diff/XercesCheck.java SCHEMA_DIR
 *
 * SCHEMA_DIR holds the installed schemas (schemas/installed). Reads lines "SYNTAX<TAB>FILE" on
 * standard input (SYNTAX: ubl-invoice, ubl-creditnote or cii) and answers each with one line,
 * in order: "valid", "malformed<TAB>message" or "invalid<TAB>message". One JVM for the whole
 * batch: the schemas are compiled once.
 *
 * What it reproduces:
 * - well-formedness as KoSIT's parse step judges it (Saxon builds its tree with the JDK's SAX
 *   parser, namespace aware, secure processing on, DOCTYPE declarations refused, no external
 *   DTD);
 * - the XSD step: a W3C XML Schema factory and a new validator per document, each with
 *   external DTD access refused and external schema access limited to "file", fed the
 *   document's bytes as a stream (KoSIT re-reads the input for the schema step); every error
 *   or fatal error counts, warnings do not.
 */
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

public class XercesCheck {

    private static final Map<String, String> ENTRY_POINTS = Map.of(
            "ubl-invoice", "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
            "ubl-creditnote", "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
            "cii", "cii-d16b/CrossIndustryInvoice_100pD16B.xsd");

    /** The first error of a run; warnings are ignored, as KoSIT's acceptance ignores them. */
    private static final class FirstError implements ErrorHandler {
        String first;

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) {
            if (first == null) first = e.getLineNumber() + ": " + e.getMessage();
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            if (first == null) first = e.getLineNumber() + ": " + e.getMessage();
            throw e;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java XercesCheck.java SCHEMA_DIR < list");
            System.exit(2);
        }
        File dir = new File(args[0]);
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        // set after secure processing, which would otherwise clear them
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        Map<String, Schema> schemas = new HashMap<>();
        for (Map.Entry<String, String> e : ENTRY_POINTS.entrySet()) {
            schemas.put(e.getKey(), sf.newSchema(new File(dir, e.getValue())));
        }

        SAXParserFactory pf = SAXParserFactory.newInstance();
        pf.setNamespaceAware(true);
        pf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        pf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        pf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            if (line.isEmpty()) continue;
            int tab = line.indexOf('\t');
            String syntax = line.substring(0, tab);
            String path = line.substring(tab + 1);
            out.write(check(pf, schemas.get(syntax), path));
            out.write('\n');
            out.flush();
        }
    }

    private static String check(SAXParserFactory pf, Schema schema, String path) {
        if (schema == null) return "invalid\tno schema for this syntax";
        try (InputStream s = new FileInputStream(path)) {
            SAXParser parser = pf.newSAXParser();
            InputSource src = new InputSource(s);
            src.setSystemId(new File(path).toURI().toString());
            // DefaultHandler ignores recoverable errors, as Saxon's tree building does;
            // a fatal error ends the parse
            parser.parse(src, new DefaultHandler());
        } catch (SAXParseException e) {
            return "malformed\t" + clean(e.getLineNumber() + ": " + e.getMessage());
        } catch (Exception e) {
            return "malformed\t" + clean(e.toString());
        }
        FirstError errors = new FirstError();
        try (InputStream s = new FileInputStream(path)) {
            Validator v = schema.newValidator();
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            v.setErrorHandler(errors);
            StreamSource src = new StreamSource(s, new File(path).toURI().toString());
            v.validate(src);
        } catch (Exception e) {
            if (errors.first == null) errors.first = e.toString();
        }
        return errors.first == null ? "valid" : "invalid\t" + clean(errors.first);
    }

    private static String clean(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) : one;
    }
}
