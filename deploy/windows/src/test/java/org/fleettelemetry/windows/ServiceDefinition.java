package org.fleettelemetry.windows;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A WinSW service definition, parsed. */
final class ServiceDefinition {
    private final Element service;

    private ServiceDefinition(Element service) {
        this.service = service;
    }

    static ServiceDefinition parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("service")) {
            throw new IllegalArgumentException(
                    "a WinSW definition's root is <service>, not <" + root.getTagName() + ">");
        }
        return new ServiceDefinition(root);
    }

    /** The text of the one child element with this name; fails when there is none or more. */
    String text(String name) {
        List<Element> found = children(name);
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one <" + name + ">, found " + found.size());
        }
        return found.get(0).getTextContent().strip();
    }

    List<Element> children(String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = service.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** {@code <arguments>} split as Windows splits a command line: on spaces outside double quotes. */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : text("arguments").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    args.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(current.toString());
        }
        return args;
    }
}
