package dev.mainline.server.http;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over the configured size: at once when Content-Length says so, and while reading when
 * the body is chunked, so an oversized upload is never buffered whole.
 */
public class RequestSizeFilter extends OncePerRequestFilter {
    private final long defaultMaxBytes;
    private final java.util.Map<String, Long> maxBytesByPath;
    private final ProblemWriter problems;

    public RequestSizeFilter(long maxBytes, ProblemWriter problems) {
        this(maxBytes, java.util.Map.of(), problems);
    }

    /** {@code maxBytesByPath}: paths that take larger bodies (test report uploads) and their own limits. */
    public RequestSizeFilter(long maxBytes, java.util.Map<String, Long> maxBytesByPath, ProblemWriter problems) {
        this.defaultMaxBytes = maxBytes;
        this.maxBytesByPath = java.util.Map.copyOf(requireNonNull(maxBytesByPath, "maxBytesByPath is null"));
        this.problems = requireNonNull(problems, "problems is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = maxBytesByPath.getOrDefault(request.getRequestURI(), defaultMaxBytes);
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE,
                    new RequestTooLargeException(maxBytes).getMessage());
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int value = delegate.read();
            if (value >= 0) {
                count(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = delegate.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) throws IOException {
            read += bytes;
            if (read > maxBytes) {
                throw new RequestTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
