/* exec.c: fork, exec an argument vector, wait; the first line of its stderr becomes the error. */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>

#include "base/exec.h"
#include "base/hpvm_err.h"

#define EXEC_MSG	512

/*
 * Read the child's stderr to its end, keeping the first EXEC_MSG bytes: a child that writes
 * more must not die of SIGPIPE because nobody listens.
 */
static void
drain(int fd, char *msg, size_t len)
{
	char sink[4096];
	size_t got = 0;
	ssize_t n;

	for (;;) {
		char *to = got < len - 1 ? msg + got : sink;
		size_t room = got < len - 1 ? len - 1 - got : sizeof(sink);
		if ((n = read(fd, to, room)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (to == msg + got)
			got += (size_t)n;
	}
	msg[got] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
}

int
exec_argv(const char *const *argv, struct hpvm_err *e)
{
	return exec_argv_output(argv, -1, e);
}

/* As exec_argv, with the child's standard output going to `out_fd` (-1: nowhere). */
int
exec_argv_output(const char *const *argv, int out_fd, struct hpvm_err *e)
{
	char msg[EXEC_MSG];
	int pfd[2], status, saved;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) == -1)
		return hpvm_fail(e, errno, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1) {
		saved = errno;
		close(pfd[0]);
		close(pfd[1]);
		return hpvm_fail(e, saved, "fork: %s", strerror(saved));
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(out_fd >= 0 ? out_fd : null, 1);
		dup2(pfd[1], 2);
		/* execvp() takes char *const[] for history's sake; it does not write to them. */
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	drain(pfd[0], msg, sizeof(msg));
	close(pfd[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		return hpvm_fail(e, EIO, "%s was killed by signal %d%s%s", argv[0], WTERMSIG(status),
		    msg[0] ? ": " : "", msg);
	return hpvm_fail(e, EIO, "%s failed: %s", argv[0], msg[0] ? msg : "no message");
}
