package dev.mainline.logarchive;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a log is kept: its bytes cut into blocks of about {@link #BLOCK} bytes at line ends, each block compressed as a
 * gzip member of its own, one after the other. The whole is an ordinary gzip file ({@code zcat} reads it), and a table
 * of the blocks (where each starts in the log and in the file, and its first line) lets any range be read by
 * decompressing only the blocks it covers.
 */
public final class LogBlocks {
    /** Blocks are cut at the first line end after this many bytes. */
    public static final int BLOCK = 64 * 1024;
    /** A line longer than this is cut where it reaches it. */
    public static final int MAX_BLOCK = 1024 * 1024;
    private static final int TABLE_MAGIC = 0x4D4C4231; // "MLB1"
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private LogBlocks() {
    }

    /**
     * One block: where its bytes start in the log and how many there are, where its gzip member starts in the file
     * and how long it is, its first line (from 1) and how many lines start in it.
     */
    public record Block(int index, long rawOffset, int rawLength, long fileOffset, int fileLength, long firstLine,
            int lines) {
        public long rawEnd() {
            return rawOffset + rawLength;
        }
    }

    /** Writes a log as blocks, compressed, to {@code out}; the table is available once {@link #finish()}ed. */
    public static final class Writer {
        private final OutputStream out;
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        private final CRC32 crc = new CRC32();
        private final byte[] pending = new byte[MAX_BLOCK];
        private final byte[] compressed = new byte[MAX_BLOCK + MAX_BLOCK / 8 + 64];
        private final List<Block> blocks = new ArrayList<>();
        private int filled;
        private long rawOffset;
        private long fileOffset;
        private long line = 1;
        private long totalLines;
        private boolean endsWithNewline = true;

        public Writer(OutputStream out) {
            this.out = out;
        }

        public void write(byte[] bytes, int offset, int length) throws IOException {
            int position = offset;
            int end = offset + length;
            while (position < end) {
                int take = Math.min(end - position, pending.length - filled);
                System.arraycopy(bytes, position, pending, filled, take);
                filled += take;
                position += take;
                while (filled >= BLOCK) {
                    int cut = cutPoint();
                    if (cut < 0) {
                        break;
                    }
                    flushBlock(cut);
                }
            }
        }

        /** Where the next block ends: after the first line end past {@link #BLOCK}, or at the most it may hold. */
        private int cutPoint() {
            for (int i = BLOCK - 1; i < filled; i++) {
                if (pending[i] == '\n') {
                    return i + 1;
                }
            }
            return filled == pending.length ? filled : -1;
        }

        private void flushBlock(int length) throws IOException {
            if (length == 0) {
                return;
            }
            int lines = 0;
            for (int i = 0; i < length; i++) {
                if (pending[i] == '\n') {
                    lines++;
                }
            }
            boolean newline = pending[length - 1] == '\n';
            // Lines that start here: a block after a cut line continues that line.
            int starting = lines - (newline ? 1 : 0) + (endsWithNewline ? 1 : 0);
            crc.reset();
            crc.update(pending, 0, length);
            deflater.reset();
            deflater.setInput(pending, 0, length);
            deflater.finish();
            int size = 0;
            while (!deflater.finished()) {
                size += deflater.deflate(compressed, size, compressed.length - size);
            }
            out.write(GZIP_HEADER);
            out.write(compressed, 0, size);
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, length);
            int memberLength = GZIP_HEADER.length + size + 8;
            blocks.add(new Block(blocks.size(), rawOffset, length, fileOffset, memberLength, line, starting));
            line += lines;
            totalLines += starting;
            endsWithNewline = newline;
            rawOffset += length;
            fileOffset += memberLength;
            System.arraycopy(pending, length, pending, 0, filled - length);
            filled -= length;
        }

        /** Writes what is left; returns the table of blocks. */
        public List<Block> finish() throws IOException {
            flushBlock(filled);
            deflater.end();
            return List.copyOf(blocks);
        }

        public long bytes() {
            return rawOffset + filled;
        }

        /** Lines written so far (a last line without a line end counts), once finished. */
        public long lines() {
            return totalLines;
        }

        /** The bytes still waiting to become a block, for a look at how the log starts. */
        byte[] head(int max) {
            byte[] head = new byte[Math.min(max, filled)];
            System.arraycopy(pending, 0, head, 0, head.length);
            return head;
        }
    }

    private static void writeIntLe(OutputStream out, int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }

    /** The table of blocks as bytes. */
    public static byte[] table(List<Block> blocks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + blocks.size() * 36);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(TABLE_MAGIC);
            out.writeInt(blocks.size());
            for (Block block : blocks) {
                out.writeLong(block.rawOffset());
                out.writeInt(block.rawLength());
                out.writeLong(block.fileOffset());
                out.writeInt(block.fileLength());
                out.writeLong(block.firstLine());
                out.writeInt(block.lines());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static List<Block> readTable(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != TABLE_MAGIC) {
            throw new IOException("not a table of log blocks");
        }
        int count = data.readInt();
        List<Block> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(new Block(i, data.readLong(), data.readInt(), data.readLong(), data.readInt(), data.readLong(),
                    data.readInt()));
        }
        return blocks;
    }

    /** The bytes of one block, from its gzip member as read from the file. */
    public static byte[] inflate(Block block, byte[] member) throws IOException {
        if (member.length != block.fileLength() || member[0] != 0x1f || (member[1] & 0xff) != 0x8b) {
            throw new IOException("block %d is damaged".formatted(block.index()));
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(member, GZIP_HEADER.length, member.length - GZIP_HEADER.length - 8);
            byte[] raw = new byte[block.rawLength()];
            int size = 0;
            while (size < raw.length && !inflater.finished()) {
                int read = inflater.inflate(raw, size, raw.length - size);
                if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                size += read;
            }
            if (size != raw.length) {
                throw new IOException("block %d is damaged: %d of %d bytes".formatted(block.index(), size,
                        raw.length));
            }
            CRC32 crc = new CRC32();
            crc.update(raw);
            int trailer = member.length - 8;
            int expected = (member[trailer] & 0xff) | (member[trailer + 1] & 0xff) << 8
                    | (member[trailer + 2] & 0xff) << 16 | (member[trailer + 3] & 0xff) << 24;
            if ((int) crc.getValue() != expected) {
                throw new IOException("block %d is damaged: its checksum does not match".formatted(block.index()));
            }
            return raw;
        } catch (DataFormatException e) {
            throw new IOException("block %d is damaged: %s".formatted(block.index(), e.getMessage()), e);
        } finally {
            inflater.end();
        }
    }
}
