package org.homeautomation.backup.agent.restic.internal;

/** restic's two kinds of blobs: file content and directory trees. In format 2 they never share a pack. */
enum BlobType {
    DATA("data", 2), TREE("tree", 3);

    /** The name in index files. */
    final String json;
    /** The type byte of a compressed blob of this kind in a pack header. */
    final int compressedHeaderType;

    BlobType(String json, int compressedHeaderType) {
        this.json = json;
        this.compressedHeaderType = compressedHeaderType;
    }

    static BlobType fromJson(String name) {
        for (BlobType type : values()) {
            if (type.json.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown blob type " + name);
    }
}
