package dev.deckhand.descriptors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;
import java.util.Map;

/**
 * A safe YAML loader that also reads CloudFormation's short-form intrinsic functions ({@code !Ref X},
 * {@code !Sub s}, {@code !If [c, a, b]}, {@code !GetAtt R.Attr}, ...) as the plain values of their long form:
 * {@code {"Ref": "X"}}, {@code {"Fn::Sub": "s"}}, {@code {"Fn::If": [c, a, b]}}, {@code {"Fn::GetAtt": ["R", "Attr"]}}.
 * Any other {@code !Tag} maps the same way ({@code {"Fn::Tag": value}}). Duplicate keys are an error.
 */
final class CfnYaml {

    private CfnYaml() {
    }

    static Yaml loader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new IntrinsicConstructor(options));
    }

    /** The long-form key of a short-form tag name: {@code Ref} and {@code Condition} as they are, others {@code Fn::Name}. */
    static String longForm(String tagName) {
        return tagName.equals("Ref") || tagName.equals("Condition") ? tagName : "Fn::" + tagName;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            // Consulted for every tag without a constructor of its own, i.e. every local !Tag.
            this.yamlConstructors.put(null, new Intrinsic());
        }

        private final class Intrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!") || tag.length() < 2) {
                    throw new YAMLException("unsupported tag " + tag + node.getStartMark());
                }
                String name = tag.substring(1);
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else if (node instanceof MappingNode mapping) {
                    value = constructMapping(mapping);
                } else {
                    throw new YAMLException("unsupported node for " + tag + node.getStartMark());
                }
                if (name.equals("GetAtt") && value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    value = dot < 0 ? List.of(dotted) : List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                return Map.of(longForm(name), value);
            }
        }
    }
}
