package io.lambdaarch.serving.index;

/**
 * The first {@code limit} of a set of int ids in an order given by an {@link IdOrder}, without boxing them: a binary
 * heap of the best {@code limit} seen so far, whose root is the worst of them, so each further id costs one comparison
 * when it is not among them and a sift of {@code log(limit)} when it is.
 */
final class TopN {
    /** A total order of ids: negative when {@code a} comes before {@code b}. */
    @FunctionalInterface
    interface IdOrder {
        int compare(int a, int b);
    }

    private final IdOrder order;
    private final int[] heap;
    private int size;

    TopN(int limit, IdOrder order) {
        this.order = order;
        this.heap = new int[limit];
    }

    void offer(int id) {
        if (size < heap.length) {
            heap[size] = id;
            siftUp(size++);
        } else if (heap.length > 0 && order.compare(id, heap[0]) < 0) {
            heap[0] = id;
            siftDown(0);
        }
    }

    /** The ids kept, first first; the heap is empty afterwards. */
    int[] drain() {
        int[] best = new int[size];
        while (size > 0) {
            best[size - 1] = heap[0];
            heap[0] = heap[--size];
            siftDown(0);
        }
        return best;
    }

    // The root is the last in the order: a parent comes after its children.
    private void siftUp(int child) {
        while (child > 0) {
            int parent = (child - 1) / 2;
            if (order.compare(heap[parent], heap[child]) >= 0) {
                return;
            }
            swap(parent, child);
            child = parent;
        }
    }

    private void siftDown(int parent) {
        while (true) {
            int left = 2 * parent + 1;
            if (left >= size) {
                return;
            }
            int later = left;
            if (left + 1 < size && order.compare(heap[left + 1], heap[left]) > 0) {
                later = left + 1;
            }
            if (order.compare(heap[parent], heap[later]) >= 0) {
                return;
            }
            swap(parent, later);
            parent = later;
        }
    }

    private void swap(int a, int b) {
        int id = heap[a];
        heap[a] = heap[b];
        heap[b] = id;
    }
}
