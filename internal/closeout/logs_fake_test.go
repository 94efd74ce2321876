package closeout

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// fakeLogs is CloudWatch Logs: each group's events, served pageSize at a
// time, with an empty page with a next token after the first page, as
// FilterLogEvents may answer.
type fakeLogs struct {
	calls    *calls
	mu       sync.Mutex
	groups   map[string][]types.FilteredLogEvent
	pageSize int
	// fail, when set, is asked before each page and fails it when it
	// returns an error.
	fail func(group string, page int) error
	// asked are the requests, in order.
	asked []cloudwatchlogs.FilterLogEventsInput
}

// FilterLogEvents implements LogsAPI.
func (f *fakeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput,
	_ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	f.calls.add("FilterLogEvents")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, *in)
	group := aws.ToString(in.LogGroupName)
	events, ok := f.groups[group]
	if !ok {
		return nil, &types.ResourceNotFoundException{Message: aws.String("The specified log group does not exist.")}
	}
	page, start := 0, 0
	if in.NextToken != nil {
		page, start = pageToken(*in.NextToken)
	}
	if f.fail != nil {
		if err := f.fail(group, page); err != nil {
			return nil, err
		}
	}
	if page == 1 && start < len(events) {
		return &cloudwatchlogs.FilterLogEventsOutput{NextToken: aws.String(fmt.Sprintf("%d/%d", page+1, start))}, nil
	}
	end := min(start+f.pageSize, len(events))
	out := &cloudwatchlogs.FilterLogEventsOutput{}
	for _, e := range events[start:end] {
		if aws.ToInt64(e.Timestamp) <= aws.ToInt64(in.EndTime) {
			out.Events = append(out.Events, e)
		}
	}
	if end < len(events) {
		out.NextToken = aws.String(fmt.Sprintf("%d/%d", page+1, end))
	}
	return out, nil
}

// pageToken reads a next token: the page number and the first event.
func pageToken(s string) (int, int) {
	var page, start int
	if _, err := fmt.Sscanf(s, "%d/%d", &page, &start); err != nil {
		panic("bad token " + strconv.Quote(s))
	}
	return page, start
}

// logEventAt is an event of a stream at a time.
func logEventAt(stream string, at int64, id, message string) types.FilteredLogEvent {
	return types.FilteredLogEvent{LogStreamName: aws.String(stream), Timestamp: aws.Int64(at), IngestionTime: aws.Int64(at + 7),
		EventId: aws.String(id), Message: aws.String(message)}
}
