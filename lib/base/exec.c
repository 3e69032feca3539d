/* exec.c: fork, exec an argument vector, wait; its first line of stderr becomes the error. */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/exec.h"

int
exec_argv(const char *const *argv, struct hpvm_err *e)
{
	char msg[512] = "";
	int pfd[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) == -1)
		return hpvm_fail(e, errno, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		return hpvm_fail(e, errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(pfd[1], 2);
		/* execvp() takes char *const[] for history's sake; it does not write to them. */
		char *v[64];
		size_t i;
		for (i = 0; i < 63 && argv[i] != NULL; i++)
			memcpy(&v[i], &argv[i], sizeof(v[i]));
		v[i] = NULL;
		execvp(v[0], v);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	while (got < (ssize_t)sizeof(msg) - 1 &&
	    (n = read(pfd[0], msg + got, sizeof(msg) - 1 - (size_t)got)) > 0)
		got += n;
	close(pfd[0]);
	msg[got] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return hpvm_fail(e, EIO, "%s failed: %s", argv[0], msg[0] ? msg : "no message");
}
