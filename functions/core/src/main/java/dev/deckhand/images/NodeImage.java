package dev.deckhand.images;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One entry of {@code POST /list} (seed 000): one per repository tag on the node.
 *
 * @param imageName    the repository, e.g. {@code 192.168.1.104:5000/team/app}
 * @param imageVersion the tag, or {@code <none>} for an image no tag names
 * @param imageSize    bytes, as the runtime reports them
 */
@Serdeable
public record NodeImage(String imageName, String imageVersion, long imageSize) {

    public static final String NONE = "<none>";
}
