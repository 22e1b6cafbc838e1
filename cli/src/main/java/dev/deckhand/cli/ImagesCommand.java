package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The images on one node: {@code POST /list}, {@code /pull}, {@code /delete}. */
@Command(name = "images", description = "List, pull and delete the images of a node.",
        subcommands = {ImagesCommand.ListImages.class, ImagesCommand.Pull.class, ImagesCommand.Delete.class})
class ImagesCommand extends ApiCommand.Group {

    @Command(name = "list", description = "The node's images (POST /list).")
    static class ListImages extends ApiCommand {
        @Option(names = "--node", required = true, description = "node name")
        String node;

        @Override
        public Integer call() {
            Api.Answer answer = api().post("/list", Map.of("node_name", node));
            if (json()) {
                return printJson(answer);
            }
            List<JsonNode> images = new ArrayList<>();
            answer.json().forEach(images::add);
            images.sort(Comparator.comparing((JsonNode i) -> Human.text(i, "imageName"))
                    .thenComparing(i -> Human.text(i, "imageVersion")));
            Human.Table table = new Human.Table("IMAGE", "TAG", "SIZE");
            long total = 0;
            for (JsonNode image : images) {
                long size = image.path("imageSize").asLong();
                total += size;
                table.row(Human.text(image, "imageName"), Human.text(image, "imageVersion"), Human.size(size));
            }
            return print(table.render() + images.size() + " images on " + node + ", " + Human.size(total));
        }
    }

    @Command(name = "pull", description = "Pull an image onto the node (POST /pull).")
    static class Pull extends ApiCommand {
        @Option(names = "--node", required = true, description = "node name")
        String node;

        @Parameters(paramLabel = "IMAGE", description = "image reference, e.g. alpine:3.20")
        String image;

        @Override
        public Integer call() {
            Api.Answer answer = api().post("/pull", Map.of("node_name", node, "image", image));
            return json() ? printJson(answer) : print("pulled " + image + " on " + node);
        }
    }

    @Command(name = "delete", description = "Delete an image from the node (POST /delete).")
    static class Delete extends ApiCommand {
        @Option(names = "--node", required = true, description = "node name")
        String node;

        @Parameters(paramLabel = "IMAGE", description = "image reference")
        String image;

        @Override
        public Integer call() {
            Api.Answer answer = api().post("/delete", Map.of("node_name", node, "image", image));
            return json() ? printJson(answer) : print("deleted " + image + " from " + node);
        }
    }
}
